import type { CollectionLike, CollectionLookup } from './association-path';
import { fieldTarget } from './association-path';
import type { PostActionContext, PostActionName } from './types';

/** A saved record as the repository hands it back (a Sequelize model instance). */
export interface RecordModel {
  get(name: string): unknown;
  toJSON(): Record<string, unknown>;
  [accessor: string]: unknown;
}

/** A collection of the request's data source, with what loading a record needs. */
export interface PayloadCollection extends CollectionLike {
  filterTargetKey?: string | string[];
  model: { primaryKeyAttribute?: string; associations?: Record<string, { accessors: { get: string } }> };
  repository: { findOne(options: Record<string, unknown>): Promise<RecordModel | null> };
}

export interface PayloadCollections extends CollectionLookup {
  getCollection(name: string): PayloadCollection | undefined;
}

/** The filter target key of a record: a value, or an object of values for composite keys. */
export type RecordKey = string | number | Record<string, unknown>;

export function filterTargetKeyOf(collection: PayloadCollection): string | string[] {
  return collection.filterTargetKey ?? collection.model.primaryKeyAttribute ?? 'id';
}

export function recordKeyOf(collection: PayloadCollection, record: RecordModel): RecordKey {
  const key = filterTargetKeyOf(collection);

  if (Array.isArray(key)) {
    return Object.fromEntries(key.map((field) => [field, record.get(field)]));
  }

  return record.get(key) as string | number;
}

/**
 * Walks a to-one path from the saved record. A value already on the instance (created in
 * the same request) is used as it is; otherwise the association's getter loads it.
 * Returns null when a link of the chain is empty.
 */
export async function walkPath(
  collections: PayloadCollections,
  from: PayloadCollection,
  record: RecordModel,
  path: string[],
): Promise<{ record: RecordModel; collection: PayloadCollection } | null> {
  let current = record;
  let collection = from;

  for (const segment of path) {
    const field = collection.getField(segment);
    const target = field ? fieldTarget(field) : undefined;
    const nextCollection = target ? collections.getCollection(target) : undefined;

    if (!nextCollection) {
      return null;
    }

    let next = current.get(segment) as RecordModel | null | undefined;

    if (next === undefined) {
      const getter = collection.model.associations?.[segment]?.accessors.get;
      const load = getter ? (current[getter] as (() => Promise<RecordModel | null>) | undefined) : undefined;

      next = load ? await load.call(current) : null;
    }

    if (!next) {
      return null;
    }

    current = next;
    collection = nextCollection;
  }

  return { record: current, collection };
}

/**
 * The record as plain JSON: reloaded by its key with the configured appends when there
 * are any, so that workflows see the associations they asked for. Hidden fields (such as
 * passwords) are left out by the model's own serialization.
 */
export async function serializeRecord(
  collection: PayloadCollection,
  record: RecordModel,
  appends: string[] | undefined,
): Promise<Record<string, unknown> | null> {
  if (!appends?.length) {
    return record.toJSON();
  }

  const reloaded = await collection.repository.findOne({
    filterByTk: recordKeyOf(collection, record),
    appends,
  });

  return reloaded ? reloaded.toJSON() : null;
}

/** The acting user as plain JSON, with nothing secret in it. */
export function serializeUser(user: unknown): Record<string, unknown> | null {
  if (!user || typeof user !== 'object') {
    return null;
  }

  const maybeModel = user as { toJSON?: () => Record<string, unknown> };
  const plain = typeof maybeModel.toJSON === 'function' ? maybeModel.toJSON() : { ...(user as object) };

  delete (plain as Record<string, unknown>).password;

  return plain as Record<string, unknown>;
}

export function buildContext(
  data: Record<string, unknown> | null,
  user: unknown,
  roleName: unknown,
  action: PostActionName,
): PostActionContext {
  return {
    data,
    user: serializeUser(user),
    roleName: typeof roleName === 'string' ? roleName : null,
    action,
  };
}
