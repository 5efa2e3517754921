import { BadManualInputError } from './errors';
import { parseCollectionRef } from './collection-ref';
import type { PayloadCollection, PayloadCollections, RecordKey } from './payload';
import { filterTargetKeyOf, serializeUser } from './payload';
import type { PostActionContext, PostActionName, WorkflowLike } from './types';
import { POST_ACTIONS } from './types';

/** The body of `workflows:execute` for a post-action workflow. */
export interface ManualInput {
  /** A record, its key, or an object of key fields (composite keys). */
  data?: unknown;
  userId?: string | number;
  roleName?: string;
  /** Optional: which action to pretend fired, for workflows that branch on it. */
  action?: PostActionName;
}

export interface ManualDependencies {
  collectionsOf(dataSource: string): PayloadCollections | undefined;
  findUser(userId: string | number): Promise<{ toJSON(): Record<string, unknown>; roles?: Array<{ name: string }> } | null>;
}

/** What is missing from the input, in the order the built-in trigger reports it. */
export function missingManualFields(values: ManualInput | undefined): Record<string, string> | null {
  if (values?.data === undefined || values?.data === null || values?.data === '') {
    return { data: 'Trigger data is required' };
  }

  if (values.userId === undefined || values.userId === null || values.userId === '') {
    return { userId: 'User acted is required' };
  }

  return null;
}

/**
 * Builds the context of a manual run: the record loaded fresh by its key (with the
 * workflow's appends), the user loaded with roles, the role defaulting to the user's first.
 * Every input that cannot name a record or a user is refused before anything runs.
 */
export async function buildManualContext(
  workflow: WorkflowLike,
  values: ManualInput | undefined,
  deps: ManualDependencies,
): Promise<PostActionContext> {
  const missing = missingManualFields(values);

  if (missing) {
    throw new BadManualInputError(Object.values(missing)[0]);
  }

  const input = values as ManualInput;
  const ref = parseCollectionRef(workflow.config.collection ?? '');
  const collections = deps.collectionsOf(ref.dataSource);
  const collection = collections?.getCollection(ref.collection);

  if (!collection) {
    throw new BadManualInputError(`collection "${workflow.config.collection}" of the workflow does not exist`);
  }

  if (input.action !== undefined && !POST_ACTIONS.includes(input.action)) {
    throw new BadManualInputError(`action must be "create" or "update", not "${String(input.action)}"`);
  }

  const key = keyFromData(collection, input.data);
  const record = await collection.repository.findOne({ filterByTk: key, appends: workflow.config.appends });

  if (!record) {
    throw new BadManualInputError(
      `no record of collection "${ref.collection}" has the key ${JSON.stringify(key)}`,
    );
  }

  const user = await deps.findUser(input.userId as string | number);

  if (!user) {
    throw new BadManualInputError(`user ${JSON.stringify(input.userId)} does not exist`);
  }

  const roleName = input.roleName || user.roles?.[0]?.name || null;
  const plainUser = serializeUser(user);

  delete plainUser?.roles;

  return { data: record.toJSON(), user: plainUser, roleName, action: input.action as PostActionName };
}

function keyFromData(collection: PayloadCollection, data: unknown): RecordKey {
  const keyFields = filterTargetKeyOf(collection);

  if (typeof data === 'string' || typeof data === 'number') {
    if (Array.isArray(keyFields)) {
      throw new BadManualInputError(
        `collection "${collection.name}" has a composite key: give data as an object of ${keyFields.join(', ')}`,
      );
    }

    return data;
  }

  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new BadManualInputError('data must be a record, its key, or an object of its key fields');
  }

  const record = data as Record<string, unknown>;
  const fields = Array.isArray(keyFields) ? keyFields : [keyFields];
  const absent = fields.filter((field) => record[field] === undefined || record[field] === null);

  if (absent.length) {
    throw new BadManualInputError(
      `data has no value for the key field${absent.length > 1 ? 's' : ''} ${absent.join(', ')} ` +
        `of collection "${collection.name}"`,
    );
  }

  if (Array.isArray(keyFields)) {
    return Object.fromEntries(keyFields.map((field) => [field, record[field]]));
  }

  return record[keyFields] as string | number;
}
