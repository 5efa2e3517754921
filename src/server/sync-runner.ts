import { EXECUTION_STATUS } from '@nocobase/plugin-workflow';
import type { Processor } from '@nocobase/plugin-workflow';
import type { PostActionEvent } from './types';

/** How one synchronous execution ended, as far as the request is concerned. */
export type SyncOutcome =
  /** Resolved without an End node: the next event runs. */
  | { kind: 'continue'; executionId: number }
  /** Resolved on an End node: the chain stops and the response is the normal one. */
  | { kind: 'stop'; executionId: number }
  /** The workflow rejected the request: the response becomes an error. */
  | { kind: 'reject'; status: 400 | 500; message: string; executionId?: number; executionStatus?: number };

export const DEFAULT_INTERCEPT_MESSAGE = 'The request was rejected by a workflow.';

/** Starts one sync execution inline and returns the processor, or null if it could not start. */
export type SyncStarter = (event: PostActionEvent) => Promise<Processor | null | void>;

/** The result of running all sync events of a request. */
export interface SyncChainResult {
  /** False when an End node stopped the chain or a workflow rejected the request. */
  proceed: boolean;
  rejection?: Extract<SyncOutcome, { kind: 'reject' }>;
  outcomes: Array<{ event: PostActionEvent; outcome: SyncOutcome }>;
}

/**
 * Runs sync events one after the other, in order, until one stops the chain or rejects
 * the request. Async events wait for this result: they are scheduled only if it proceeds.
 */
export async function runSyncChain(events: PostActionEvent[], start: SyncStarter): Promise<SyncChainResult> {
  const outcomes: SyncChainResult['outcomes'] = [];

  for (const event of events) {
    const outcome = await runOne(event, start);

    outcomes.push({ event, outcome });

    if (outcome.kind === 'reject') {
      return { proceed: false, rejection: outcome, outcomes };
    }

    if (outcome.kind === 'stop') {
      return { proceed: false, outcomes };
    }
  }

  return { proceed: true, outcomes };
}

async function runOne(event: PostActionEvent, start: SyncStarter): Promise<SyncOutcome> {
  let processor: Processor | null | void;

  try {
    processor = await start(event);
  } catch (error) {
    return {
      kind: 'reject',
      status: 500,
      message: `Workflow "${event.workflow.title ?? event.workflow.key}" failed to start: ${(error as Error).message}`,
    };
  }

  if (!processor) {
    return {
      kind: 'reject',
      status: 500,
      message: `Workflow "${event.workflow.title ?? event.workflow.key}" failed to start.`,
    };
  }

  return classify(event, processor);
}

function classify(event: PostActionEvent, processor: Processor): SyncOutcome {
  const { id: executionId, status } = processor.execution;
  const lastJob = processor.lastSavedJob;
  const lastNode = lastJob ? processor.nodesMap.get(lastJob.nodeId) : undefined;
  const endedOnEndNode = lastNode?.type === 'end';
  const title = event.workflow.title ?? event.workflow.key;

  if (status === EXECUTION_STATUS.RESOLVED) {
    return endedOnEndNode ? { kind: 'stop', executionId } : { kind: 'continue', executionId };
  }

  if (status === EXECUTION_STATUS.QUEUEING || status === EXECUTION_STATUS.STARTED) {
    return {
      kind: 'reject',
      status: 500,
      message: `Workflow "${title}" hangs on a waiting node; a synchronous workflow must finish inline.`,
      executionId,
      executionStatus: status,
    };
  }

  if (endedOnEndNode) {
    return { kind: 'reject', status: 400, message: DEFAULT_INTERCEPT_MESSAGE, executionId, executionStatus: status };
  }

  return {
    kind: 'reject',
    status: 500,
    message: `Workflow "${title}" failed while handling the request.`,
    executionId,
    executionStatus: status,
  };
}
