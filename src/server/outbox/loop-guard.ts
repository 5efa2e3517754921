/**
 * Slows down a workflow that re-triggers itself through the HTTP API (a request node
 * creating a record of its own collection). Such a request carries nothing that links it
 * to the execution that sent it, so the guard counts instead: a workflow may start at most
 * `limit` async events within a sliding window of `windowMs`. Events past the limit are
 * not dropped (they may be a real burst): they stay in the outbox and start later.
 */
export class LoopGuard {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the workflow may start one more event now, without counting it. */
  hasRoom(workflowKey: string): boolean {
    return !this.limit || this.current(workflowKey).length < this.limit;
  }

  /** Counts an event for the workflow and says whether it may start. */
  allow(workflowKey: string): boolean {
    if (!this.limit) {
      return true;
    }

    const times = this.current(workflowKey);

    if (times.length >= this.limit) {
      return false;
    }

    times.push(this.now());

    return true;
  }

  private current(workflowKey: string): number[] {
    const now = this.now();
    const times = (this.recent.get(workflowKey) ?? []).filter((time) => now - time < this.windowMs);

    this.recent.set(workflowKey, times);

    return times;
  }
}
