import { BadTriggerRequestError } from './errors';

/** The parts of a data source's collection this module reads. */
export interface CollectionLike {
  name: string;
  getField(name: string): FieldLike | undefined;
}

/** Main data source fields carry `type`/`target` themselves, other data sources in `options`. */
export interface FieldLike {
  type?: string;
  target?: string;
  options?: { type?: string; target?: string };
}

export function fieldType(field: FieldLike): string | undefined {
  return field.type ?? field.options?.type;
}

export function fieldTarget(field: FieldLike): string | undefined {
  return field.target ?? field.options?.target;
}

export function isToOneAssociation(field: FieldLike): boolean {
  return TO_ONE_TYPES.has(fieldType(field) ?? '');
}

export interface CollectionLookup {
  getCollection(name: string): CollectionLike | undefined;
}

const TO_ONE_TYPES = new Set(['belongsTo', 'hasOne']);

/**
 * Follows a `key!a.b` path from the action's collection and returns the collection
 * the bound workflow must be configured on. Every segment must be a to-one association
 * (belongsTo or hasOne); the error names the entry and the segment that is not.
 */
export function resolvePathTarget(
  collections: CollectionLookup,
  from: CollectionLike,
  binding: { key: string; path: string[] },
): CollectionLike {
  let current = from;

  for (const segment of binding.path) {
    const field = current.getField(segment);
    const entry = `${binding.key}!${binding.path.join('.')}`;

    if (!field) {
      throw new BadTriggerRequestError(
        `triggerWorkflows entry "${entry}": "${segment}" is not a field of collection "${current.name}"`,
      );
    }

    if (!isToOneAssociation(field)) {
      throw new BadTriggerRequestError(
        `triggerWorkflows entry "${entry}": field "${segment}" of collection "${current.name}" ` +
          `is a ${fieldType(field)} field, not a to-one association (belongsTo or hasOne)`,
      );
    }

    const target = fieldTarget(field);
    const next = target ? collections.getCollection(target) : undefined;

    if (!next) {
      throw new BadTriggerRequestError(
        `triggerWorkflows entry "${entry}": the target of "${segment}" is not a known collection`,
      );
    }

    current = next;
  }

  return current;
}
