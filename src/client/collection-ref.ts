/** `posts` is collection `posts` of data source `main`; `another:posts` names another data source. */
export interface CollectionRef {
  dataSource: string;
  collection: string;
}

export const MAIN_DATA_SOURCE = 'main';

export function parseCollectionRef(value: string): CollectionRef {
  const colon = value.indexOf(':');

  if (colon < 0) {
    return { dataSource: MAIN_DATA_SOURCE, collection: value };
  }

  return { dataSource: value.slice(0, colon), collection: value.slice(colon + 1) };
}

/** The stored form omits `main`, which is what the server matches requests against. */
export function formatCollectionRef({ dataSource, collection }: CollectionRef): string {
  return dataSource === MAIN_DATA_SOURCE ? collection : `${dataSource}:${collection}`;
}
