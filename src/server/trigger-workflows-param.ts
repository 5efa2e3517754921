import { BadTriggerRequestError } from './errors';
import type { TriggerBinding } from './types';

const PATH_SEPARATOR = '!';

/**
 * Parses the `triggerWorkflows` query parameter: comma-separated entries, each
 * `<workflowKey>` or `<workflowKey>!<field>.<field>…`. Entries are trimmed; a key given
 * twice keeps its first position and binding. An absent or blank parameter binds nothing.
 *
 * Throws a `BadTriggerRequestError` naming the entry that cannot be read.
 */
export function parseTriggerWorkflows(raw: unknown): TriggerBinding[] {
  if (raw === undefined || raw === null) {
    return [];
  }

  if (typeof raw !== 'string') {
    throw new BadTriggerRequestError(
      'triggerWorkflows must be one comma-separated string, ' +
        `not ${Array.isArray(raw) ? 'a list (was the parameter given twice?)' : typeof raw}`,
    );
  }

  if (raw.trim() === '') {
    return [];
  }

  const bindings: TriggerBinding[] = [];
  const seen = new Set<string>();

  for (const entry of raw.split(',')) {
    const binding = parseEntry(entry.trim());

    if (!seen.has(binding.key)) {
      seen.add(binding.key);
      bindings.push(binding);
    }
  }

  return bindings;
}

function parseEntry(entry: string): TriggerBinding {
  const separator = entry.indexOf(PATH_SEPARATOR);
  const key = (separator === -1 ? entry : entry.slice(0, separator)).trim();

  if (!key) {
    throw new BadTriggerRequestError(`triggerWorkflows entry "${entry}" has an empty workflow key`);
  }

  if (separator === -1) {
    return { key, path: [] };
  }

  const rawPath = entry.slice(separator + 1).trim();
  const path = rawPath.split('.').map((segment) => segment.trim());

  if (path.some((segment) => !segment)) {
    throw new BadTriggerRequestError(
      `triggerWorkflows entry "${entry}" has an empty association path segment`,
    );
  }

  return { key, path };
}
