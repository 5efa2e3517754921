/**
 * Stops a workflow that re-triggers itself through the HTTP API (a request node creating
 * a record of its own collection) from running without end. Such a request carries
 * nothing that links it to the execution that sent it, so the guard counts instead: a
 * workflow may receive at most `limit` async events within a sliding window of `windowMs`.
 * A loop is a chain, so the first refused event ends it for good.
 */
export class LoopGuard {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an event for the workflow and says whether it may start. */
  allow(workflowKey: string): boolean {
    if (!this.limit) {
      return true;
    }

    const now = this.now();
    const times = (this.recent.get(workflowKey) ?? []).filter((time) => now - time < this.windowMs);

    if (times.length >= this.limit) {
      this.recent.set(workflowKey, times);
      return false;
    }

    times.push(now);
    this.recent.set(workflowKey, times);

    return true;
  }
}
