/** The outbox's collection: one row per async post-action event not yet known to have run. */
export const OUTBOX_COLLECTION = 'postActionEvents';

/** Execution event keys of this plugin start with this, so the engine's rows can be told apart. */
export const EVENT_KEY_PREFIX = 'post-action:';

/**
 * What a row's `status` says. A row is deleted once the workflow's execution row exists;
 * the other end states keep the row so that an administrator can see what did not run.
 */
export const OUTBOX_STATUS = {
  /** Written with the request; waiting for (re)delivery. */
  PENDING: 'pending',
  /** The workflow version was deleted before the event could start it. */
  WORKFLOW_DELETED: 'workflowDeleted',
  /** The workflow version was disabled (or replaced by a new version) in the meantime. */
  WORKFLOW_DISABLED: 'workflowDisabled',
  /** Delivered `maxAttempts` times without an execution appearing. */
  FAILED: 'failed',
} as const;

export type OutboxStatus = (typeof OUTBOX_STATUS)[keyof typeof OUTBOX_STATUS];

export const outboxCollection = {
  name: OUTBOX_COLLECTION,
  // Pending events belong with the business data in a backup: restoring them restores work.
  dumpRules: 'required',
  migrationRules: ['schema-only'],
  shared: true,
  fields: [
    { type: 'string', name: 'eventKey', unique: true, allowNull: false },
    { type: 'bigInt', name: 'workflowId' },
    { type: 'string', name: 'workflowKey' },
    { type: 'string', name: 'dataSource' },
    { type: 'string', name: 'collection' },
    { type: 'string', name: 'action' },
    { type: 'json', name: 'context' },
    { type: 'string', name: 'status', defaultValue: OUTBOX_STATUS.PENDING },
    { type: 'integer', name: 'attempts', defaultValue: 0 },
    { type: 'text', name: 'lastError' },
    { type: 'date', name: 'dispatchedAt' },
  ],
  indexes: [{ fields: ['status', 'updatedAt'] }],
};
