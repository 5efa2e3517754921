/** What the warning needs to know of a collection field. */
export interface FieldInfo {
  type?: string;
  target?: string;
}

export type FieldLookup = (collection: string, field: string) => FieldInfo | undefined;

const TO_MANY_TYPES = new Set(['hasMany', 'belongsToMany', 'belongsToArray']);

/**
 * The append paths that go on past a to-many association (`comments.post`, `tags.posts`):
 * each row of the to-many side loads its own associations, so these grow quickly.
 */
export function findDeepToManyAppends(collection: string, appends: string[], lookup: FieldLookup): string[] {
  return appends.filter((path) => {
    const segments = path.split('.');
    let current: string | undefined = collection;

    for (let i = 0; i < segments.length - 1 && current; i++) {
      const field = lookup(current, segments[i]);

      if (field?.type && TO_MANY_TYPES.has(field.type)) {
        return true;
      }

      current = field?.target;
    }

    return false;
  });
}
