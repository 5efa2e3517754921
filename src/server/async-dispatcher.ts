import type { PostActionEvent } from './types';

/** The response an async event waits for before its workflow is started. */
export interface ResponseLike {
  once(event: 'finish' | 'close', listener: () => void): unknown;
  writableFinished?: boolean;
  destroyed?: boolean;
}

/**
 * Hands async post-action events to the workflow engine once the HTTP response has gone
 * out. Kept behind this interface so that a durable implementation (an outbox written
 * with the action) can replace the in-memory one without touching the middleware.
 */
export interface AsyncDispatcher {
  /** Called before the response is sent; the events must start after it has been. */
  dispatch(events: PostActionEvent[], response: ResponseLike): void | Promise<void>;
  /** Called when the app stops: nothing scheduled may stay in memory only. */
  close(): Promise<void>;
}

export type StartAsync = (event: PostActionEvent) => void | Promise<unknown>;

/**
 * The in-memory dispatcher: waits for the response to finish (or the connection to close),
 * then a short delay so the action's writes are visible to the engine's own connection,
 * then starts each workflow. On close, events still waiting are started at once instead
 * of being dropped.
 */
export class AfterResponseDispatcher implements AsyncDispatcher {
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly start: StartAsync,
    private readonly onError: (event: PostActionEvent, error: unknown) => void,
    private readonly delayMs = 100,
  ) {}

  dispatch(events: PostActionEvent[], response: ResponseLike): void {
    if (!events.length) {
      return;
    }

    let timer: NodeJS.Timeout | undefined;

    const fire = () => {
      if (timer) {
        clearTimeout(timer);
      }

      if (!this.waiting.delete(fire)) {
        return;
      }

      for (const event of events) {
        this.startOne(event);
      }
    };

    const schedule = () => {
      if (this.waiting.has(fire) && !timer) {
        timer = setTimeout(fire, this.delayMs);
      }
    };

    this.waiting.add(fire);

    if (response.writableFinished || response.destroyed) {
      schedule();
    } else {
      response.once('finish', schedule);
      response.once('close', schedule);
    }
  }

  async close(): Promise<void> {
    for (const fire of [...this.waiting]) {
      fire();
    }
  }

  private startOne(event: PostActionEvent): void {
    try {
      Promise.resolve(this.start(event)).catch((error) => this.onError(event, error));
    } catch (error) {
      this.onError(event, error);
    }
  }
}
