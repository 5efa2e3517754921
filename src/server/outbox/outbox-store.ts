import { randomUUID } from 'crypto';
import { Op, type Database, type Transaction } from '@nocobase/database';
import type { PostActionContext, PostActionEvent } from '../types';
import { retryWhenBusy } from './busy-retry';
import { EVENT_KEY_PREFIX, OUTBOX_COLLECTION, OUTBOX_STATUS, type OutboxStatus } from './collection';

/** An outbox row as the dispatcher reads it back. */
export interface OutboxEvent {
  eventKey: string;
  workflowId: number | string;
  workflowKey: string;
  context: PostActionContext;
  attempts: number;
}

interface OutboxModel {
  findAll(options: object): Promise<Array<{ get(options: { plain: true }): OutboxEvent }>>;
  bulkCreate(rows: object[], options?: object): Promise<unknown>;
  update(values: object, options: object): Promise<unknown>;
  destroy(options: object): Promise<number>;
}

/** The outbox table's reads and writes; every write survives SQLite's busy errors. */
export class OutboxStore {
  constructor(private readonly db: Database) {}

  private get model(): OutboxModel {
    return this.db.getModel(OUTBOX_COLLECTION) as unknown as OutboxModel;
  }

  /** Writes one row per event, in the given transaction when there is one. */
  async add(events: PostActionEvent[], transaction?: Transaction): Promise<OutboxEvent[]> {
    const rows = events.map(({ workflow, context }) => ({
      eventKey: `${EVENT_KEY_PREFIX}${randomUUID()}`,
      workflowId: workflow.id,
      workflowKey: workflow.key,
      ...collectionOf(workflow.config?.collection),
      action: context.action,
      context,
      status: OUTBOX_STATUS.PENDING,
      attempts: 0,
    }));

    // Inside a caller's transaction a retry would replay into a failed transaction.
    const write = () => this.model.bulkCreate(rows, { transaction });

    await (transaction ? write() : retryWhenBusy(write));

    return rows.map(({ eventKey, workflowId, workflowKey, context }) => ({
      eventKey,
      workflowId,
      workflowKey,
      context,
      attempts: 0,
    }));
  }

  /** Pending rows untouched for `graceMs`, oldest first. */
  async due(graceMs: number, limit: number): Promise<OutboxEvent[]> {
    const rows = await this.model.findAll({
      where: { status: OUTBOX_STATUS.PENDING, updatedAt: { [Op.lte]: new Date(Date.now() - graceMs) } },
      order: [['updatedAt', 'ASC']],
      limit,
    });

    return rows.map((row) => row.get({ plain: true }));
  }

  /** The event keys among `eventKeys` that already have an execution row. */
  async executed(eventKeys: string[]): Promise<Set<string>> {
    if (!eventKeys.length) {
      return new Set();
    }

    const executions = (await this.db.getModel('executions').findAll({
      where: { eventKey: eventKeys },
      attributes: ['eventKey'],
      raw: true,
    })) as unknown as Array<{ eventKey: string }>;

    return new Set(executions.map((execution) => execution.eventKey));
  }

  /** The event has its execution: the execution row is its record from now on. */
  async remove(eventKeys: string[]): Promise<void> {
    if (eventKeys.length) {
      await retryWhenBusy(() => this.model.destroy({ where: { eventKey: eventKeys } }));
    }
  }

  /** Counts a redelivery; `updatedAt` moves, so the grace period starts again. */
  async recordAttempt(event: OutboxEvent): Promise<void> {
    await retryWhenBusy(() =>
      this.model.update(
        { attempts: event.attempts + 1, dispatchedAt: new Date() },
        { where: { eventKey: event.eventKey } },
      ),
    );
  }

  /** Keeps a row that will not be delivered, with the reason, for an administrator to see. */
  async mark(eventKey: string, status: OutboxStatus, reason: string): Promise<void> {
    await retryWhenBusy(() => this.model.update({ status, lastError: reason }, { where: { eventKey } }));
  }

  async workflowExists(workflowId: number | string): Promise<boolean> {
    return !!(await this.db.getModel('workflows').count({ where: { id: workflowId } }));
  }
}

/** `another:posts` → data source `another`, collection `posts`; no prefix means `main`. */
function collectionOf(ref = ''): { dataSource: string; collection: string } {
  const separator = ref.indexOf(':');

  return separator > 0
    ? { dataSource: ref.slice(0, separator), collection: ref.slice(separator + 1) }
    : { dataSource: 'main', collection: ref };
}
