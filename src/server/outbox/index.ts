import type { Database, Transaction } from '@nocobase/database';
import type { PluginLogger } from '../logger';
import { EVENT_KEY_PREFIX, outboxCollection } from './collection';
import { OutboxDispatcher, type WorkflowEngine } from './outbox-dispatcher';
import { OutboxStore } from './outbox-store';
import { resolveOutboxSettings } from './settings';
import { applySqliteLocking } from './sqlite-locking';

export { OUTBOX_COLLECTION, OUTBOX_STATUS, EVENT_KEY_PREFIX } from './collection';
export { OutboxDispatcher } from './outbox-dispatcher';
export { resolveOutboxSettings, type OutboxSettings } from './settings';

interface AppEvents {
  on(event: 'beforeStart' | 'afterStart', listener: () => void | Promise<void>): unknown;
}

interface ExecutionRow {
  get(name: 'eventKey'): unknown;
}

/**
 * Defines the outbox collection, builds its dispatcher, deletes a row as soon as its
 * execution is committed, and starts the sweep when the app has started.
 */
export function setUpOutbox(
  app: AppEvents,
  db: Database,
  engine: WorkflowEngine,
  options: Record<string, unknown> | undefined,
  logger: PluginLogger,
): OutboxDispatcher {
  db.collection(outboxCollection as never);

  const settings = resolveOutboxSettings(options);
  const dispatcher = new OutboxDispatcher(new OutboxStore(db), engine, settings, logger);

  const locking = { retries: settings.sqliteLockRetries, busyTimeoutMs: settings.sqliteBusyTimeoutMs };

  if (applySqliteLocking(db, locking)) {
    logger.debug('file SQLite: immediate transactions, busy statements retried', locking);
  }

  db.on('executions.afterCreate', (execution: ExecutionRow, { transaction }: { transaction?: Transaction } = {}) => {
    const eventKey = execution.get('eventKey');

    if (typeof eventKey !== 'string' || !eventKey.startsWith(EVENT_KEY_PREFIX)) {
      return;
    }

    const done = () => void dispatcher.executionCreated(eventKey);

    if (transaction) {
      transaction.afterCommit(done);
    } else {
      done();
    }
  });

  // An app that had the built-in plugin enabled under the same name never runs our install
  // step, so the outbox table is created here when it is missing, before any request.
  app.on('beforeStart', async () => {
    await db.getCollection(outboxCollection.name).sync();
  });

  app.on('afterStart', () => dispatcher.start());

  return dispatcher;
}
