import type { PostActionEvent } from './types';

/** The response an async event waits for before its workflow is started. */
export interface ResponseLike {
  once(event: 'finish' | 'close', listener: () => void): unknown;
  writableFinished?: boolean;
  destroyed?: boolean;
}

/**
 * Hands async post-action events to the workflow engine once the HTTP response has gone
 * out. The middleware knows only this interface; how delivery is made durable is the
 * outbox's business (./outbox), and can change without touching the request path.
 */
export interface AsyncDispatcher {
  /** Called before the response is sent; the events must start after it has been. */
  dispatch(events: PostActionEvent[], response: ResponseLike): void | Promise<void>;
  /** Called when the app stops: nothing scheduled may stay in memory only. */
  close(): Promise<void>;
}
