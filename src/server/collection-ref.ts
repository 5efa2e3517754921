/** A collection of a data source, as a post-action workflow names it in `config.collection`. */
export interface CollectionRef {
  dataSource: string;
  collection: string;
}

export const MAIN_DATA_SOURCE = 'main';

/**
 * Reads `posts` (main data source) or `another:posts` (data source `another`).
 * Collection names never hold a colon, so the first one separates the data source.
 */
export function parseCollectionRef(value: string): CollectionRef {
  const colon = value.indexOf(':');

  if (colon === -1) {
    return { dataSource: MAIN_DATA_SOURCE, collection: value };
  }

  return { dataSource: value.slice(0, colon) || MAIN_DATA_SOURCE, collection: value.slice(colon + 1) };
}

/** The stored form: the main data source is left out, as NocoBase's own client writes it. */
export function formatCollectionRef({ dataSource, collection }: CollectionRef): string {
  return dataSource === MAIN_DATA_SOURCE ? collection : `${dataSource}:${collection}`;
}

/** One string per collection, main data source included, for use as a map key. */
export function collectionRefKey({ dataSource, collection }: CollectionRef): string {
  return `${dataSource}:${collection}`;
}
