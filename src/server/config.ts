import type { CollectionLookup } from './association-path';
import { fieldTarget, fieldType } from './association-path';
import { formatCollectionRef, parseCollectionRef } from './collection-ref';
import { POST_ACTIONS } from './types';

/** Field name → message, the shape the workflow plugin turns into a 400 on save. */
export type ConfigErrors = Record<string, string>;

/** How the trigger finds the collections of a data source; undefined for an unknown data source. */
export type DataSourceCollections = (dataSource: string) => CollectionLookup | undefined;

const ASSOCIATION_TYPES = new Set(['belongsTo', 'hasOne', 'hasMany', 'belongsToMany', 'belongsToArray']);

/**
 * Checks a post-action config when a workflow is created or updated. Beyond its shape:
 * the collection must exist, global mode must name at least one action (else it would
 * never fire), and each append must be a chain of association fields.
 */
export function validatePostActionConfig(config: unknown, lookup: DataSourceCollections): ConfigErrors | null {
  const errors: ConfigErrors = {};

  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    return { config: 'config must be an object' };
  }

  const { collection, global, actions, appends } = config as Record<string, unknown>;

  if (typeof collection !== 'string' || !collection.trim()) {
    errors.collection = '"collection" is required';
  } else {
    const error = checkCollection(collection, appends, lookup);

    if (error) {
      errors[error.field] = error.message;
    }
  }

  if (global !== undefined && global !== null && typeof global !== 'boolean') {
    errors.global = '"global" must be true or false';
  }

  if (actions !== undefined && actions !== null) {
    if (!Array.isArray(actions) || actions.some((action) => !POST_ACTIONS.includes(action))) {
      errors.actions = `"actions" must be a list of ${POST_ACTIONS.map((a) => `"${a}"`).join(' and ')}`;
    }
  }

  if (global === true && !errors.actions && !(Array.isArray(actions) && actions.length)) {
    errors.actions = 'global mode needs at least one action in "actions" ("create" or "update")';
  }

  if (appends !== undefined && appends !== null && !isStringList(appends)) {
    errors.appends = '"appends" must be a list of association paths';
  }

  return Object.keys(errors).length ? errors : null;
}

function checkCollection(
  value: string,
  appends: unknown,
  lookup: DataSourceCollections,
): { field: string; message: string } | null {
  const ref = parseCollectionRef(value.trim());
  const collections = lookup(ref.dataSource);

  if (!collections) {
    return { field: 'collection', message: `data source "${ref.dataSource}" does not exist` };
  }

  const collection = collections.getCollection(ref.collection);

  if (!collection) {
    return {
      field: 'collection',
      message: `collection "${ref.collection}" does not exist in data source "${ref.dataSource}"`,
    };
  }

  if (!isStringList(appends)) {
    return null;
  }

  for (const path of appends) {
    let current = collection;

    for (const segment of path.split('.')) {
      const field = current.getField(segment);
      const next = field && ASSOCIATION_TYPES.has(fieldType(field) ?? '') ? fieldTarget(field) : undefined;
      const nextCollection = next ? collections.getCollection(next) : undefined;

      if (!nextCollection) {
        return {
          field: 'appends',
          message: `append "${path}": "${segment}" is not an association of collection "${current.name}"`,
        };
      }

      current = nextCollection;
    }
  }

  return null;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '');
}

/** `main:posts` and ` posts ` are stored as `posts`, so that they match requests. */
export function normalizeCollection(value: string): string {
  return formatCollectionRef(parseCollectionRef(value.trim()));
}
