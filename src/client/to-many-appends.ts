/** What the warning needs to know of a collection field. */
export interface FieldInfo {
  type?: string;
  target?: string;
}

export type FieldLookup = (collection: string, field: string) => FieldInfo | undefined;

const TO_MANY_TYPES = new Set(['hasMany', 'belongsToMany', 'belongsToArray']);

/**
 * The append paths of more than one level that cross a to-many association
 * (`createdBy.roles`, `comments.post`): the server loads them with nested queries whose rows
 * multiply, so they deserve a warning where a single-level append does not.
 */
export function findMultiLevelToManyAppends(
  collection: string,
  appends: string[],
  lookup: FieldLookup,
): string[] {
  return appends.filter((path) => {
    const segments = path.split('.');
    let current: string | undefined = collection;

    if (segments.length < 2) {
      return false;
    }

    for (const segment of segments) {
      const field: FieldInfo | undefined = current ? lookup(current, segment) : undefined;

      if (field?.type && TO_MANY_TYPES.has(field.type)) {
        return true;
      }

      current = field?.target;
    }

    return false;
  });
}
