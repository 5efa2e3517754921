import type { Transaction } from '@nocobase/database';
import type { AsyncDispatcher, ResponseLike } from '../async-dispatcher';
import type { PluginLogger } from '../logger';
import type { PostActionEvent, WorkflowLike } from '../types';
import { OUTBOX_STATUS, type OutboxStatus } from './collection';
import { LoopGuard } from './loop-guard';
import type { OutboxEvent, OutboxStore } from './outbox-store';
import type { OutboxSettings } from './settings';

/** The engine calls the dispatcher needs: the enabled versions, and starting one. */
export interface WorkflowEngine {
  enabledCache: Map<number | string, WorkflowLike>;
  trigger(workflow: never, context: object, options: { eventKey: string }): unknown;
}

/**
 * The durable async dispatcher. Before the response, each event becomes an outbox row;
 * after the response has finished (or the connection closed), the workflow is started
 * with the row's event key. The executions table holds event keys unique, so however
 * often a row is delivered, at most one execution exists for it; once it exists the row
 * is deleted. Rows a crash or a stop left behind are delivered again by `sweep`.
 */
export class OutboxDispatcher implements AsyncDispatcher {
  private readonly waiting = new Set<NodeJS.Timeout | (() => void)>();

  private readonly loopGuard: LoopGuard;

  private sweepTimer?: NodeJS.Timeout;

  private sweeping?: Promise<void>;

  private closed = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly engine: WorkflowEngine,
    private readonly settings: OutboxSettings,
    private readonly logger: PluginLogger,
  ) {
    this.loopGuard = new LoopGuard(settings.loopLimit, settings.loopWindowMs);
  }

  /**
   * Writes the events (in `transaction` when the caller has one open for the action), then
   * schedules their delivery for after the response. A failed write rejects: the request
   * then fails instead of acknowledging work that was not recorded.
   */
  async dispatch(events: PostActionEvent[], response: ResponseLike, transaction?: Transaction): Promise<void> {
    if (!events.length) {
      return;
    }

    const stored = await this.store.add(events, transaction);

    this.afterResponse(response, () => stored.forEach((event) => this.deliver(event)));
  }

  /** Starts the periodic sweep, with a first one now for rows an earlier process left. */
  start(): void {
    this.closed = false;
    // An app that restarts in place emits afterStart again: one timer, not two.
    clearInterval(this.sweepTimer);
    this.runSweep();

    if (this.settings.sweepIntervalMs > 0) {
      this.sweepTimer = setInterval(() => this.runSweep(), this.settings.sweepIntervalMs);
      this.sweepTimer.unref();
    }
  }

  /**
   * Stops timers. Events still waiting for their response are not started here (the
   * engine stops before this plugin): their rows stay pending and the next start's sweep
   * delivers them, so nothing is held in memory only.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);

    for (const entry of this.waiting) {
      if (typeof entry !== 'function') {
        clearTimeout(entry);
      }
    }

    this.waiting.clear();
    await this.sweeping;
  }

  /**
   * Delivers rows pending for longer than the grace period that have no execution yet,
   * and deletes those whose execution exists. Returns when the batch is handed over.
   */
  async sweep(graceMs = this.settings.graceMs): Promise<void> {
    const due = await this.store.due(graceMs, this.settings.sweepBatch);
    const executed = await this.store.executed(due.map((event) => event.eventKey));

    await this.store.remove([...executed]);

    for (const event of due.filter((row) => !executed.has(row.eventKey))) {
      if (this.closed) {
        return;
      }

      // Deferred by the loop guard: no delivery now, so no attempt is counted either.
      if (!this.loopGuard.hasRoom(event.workflowKey)) {
        continue;
      }

      if (event.attempts >= this.settings.maxAttempts) {
        await this.keep(event, OUTBOX_STATUS.FAILED, `no execution after ${event.attempts} deliveries`);
        continue;
      }

      await this.store.recordAttempt(event);
      this.logger.info('delivering an async post-action event again', {
        eventKey: event.eventKey,
        workflowId: event.workflowId,
        workflowKey: event.workflowKey,
        attempt: event.attempts + 1,
      });
      await this.deliver(event);
    }
  }

  /** Called when an execution row with one of this plugin's event keys has been committed. */
  async executionCreated(eventKey: string): Promise<void> {
    try {
      await this.store.remove([eventKey]);
    } catch (error) {
      // The next sweep finds the execution and deletes the row then.
      this.logger.debug('outbox row of a started workflow not deleted yet', {
        eventKey,
        error: (error as Error)?.message,
      });
    }
  }

  private runSweep(): void {
    if (this.sweeping || this.closed) {
      return;
    }

    this.sweeping = this.sweep()
      .catch((error) => {
        this.logger.error('outbox sweep failed', { error: (error as Error)?.message });
      })
      .finally(() => {
        this.sweeping = undefined;
      });
  }

  private afterResponse(response: ResponseLike, fire: () => void): void {
    let done = false;

    const schedule = () => {
      if (done || this.closed) {
        return;
      }

      done = true;
      this.waiting.delete(schedule);

      const timer = setTimeout(() => {
        this.waiting.delete(timer);
        fire();
      }, this.settings.dispatchDelayMs);

      this.waiting.add(timer);
    };

    this.waiting.add(schedule);

    if (response.writableFinished || response.destroyed) {
      schedule();
    } else {
      response.once('finish', schedule);
      response.once('close', schedule);
    }
  }

  /** Hands one event to the engine, unless its workflow is gone or the loop guard refuses. */
  private async deliver(event: OutboxEvent): Promise<void> {
    try {
      const workflow = this.enabledWorkflow(event.workflowId);

      if (!workflow) {
        const deleted = !(await this.store.workflowExists(event.workflowId));

        await this.keep(
          event,
          deleted ? OUTBOX_STATUS.WORKFLOW_DELETED : OUTBOX_STATUS.WORKFLOW_DISABLED,
          deleted ? 'the workflow version was deleted' : 'the workflow version is no longer enabled',
        );
        return;
      }

      if (!this.loopGuard.allow(workflow.key)) {
        // The row stays pending: the sweep starts it once the workflow is under its limit.
        this.logger.warn('async post-action workflow deferred: too many events in its window', {
          eventKey: event.eventKey,
          workflowId: event.workflowId,
          workflowKey: event.workflowKey,
          limit: this.settings.loopLimit,
          windowMs: this.settings.loopWindowMs,
        });
        return;
      }

      this.engine.trigger(workflow as never, event.context, { eventKey: event.eventKey });
    } catch (error) {
      // The row stays pending: the sweep delivers it again after the grace period.
      this.logger.error('async post-action workflow could not be started', {
        eventKey: event.eventKey,
        workflowId: event.workflowId,
        workflowKey: event.workflowKey,
        error: (error as Error)?.message,
      });
    }
  }

  /** The cache is keyed by id as the engine loaded it; a row read back may hold it as a string. */
  private enabledWorkflow(workflowId: number | string): WorkflowLike | undefined {
    const cache = this.engine.enabledCache;

    return cache.get(workflowId) ?? cache.get(Number(workflowId)) ?? cache.get(String(workflowId));
  }

  private async keep(event: OutboxEvent, status: OutboxStatus, reason: string): Promise<void> {
    const fields = { eventKey: event.eventKey, workflowId: event.workflowId, workflowKey: event.workflowKey };

    if (status === OUTBOX_STATUS.FAILED) {
      this.logger.error(`async post-action workflow not started: ${reason}`, { ...fields, status });
    } else {
      this.logger.warn(`async post-action workflow not started: ${reason}`, { ...fields, status });
    }

    await this.store.mark(event.eventKey, status, reason);
  }
}
