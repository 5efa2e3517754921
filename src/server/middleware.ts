import type PluginWorkflowServer from '@nocobase/plugin-workflow';
import type { Processor } from '@nocobase/plugin-workflow';
import type { AsyncDispatcher } from './async-dispatcher';
import { resolvePathTarget, fieldTarget } from './association-path';
import { BadTriggerRequestError } from './errors';
import { workflowFields, type PluginLogger } from './logger';
import {
  buildContext,
  serializeRecord,
  walkPath,
  type PayloadCollection,
  type PayloadCollections,
  type RecordModel,
} from './payload';
import { selectWorkflows, type ResolvedBinding } from './selection';
import { DEFAULT_INTERCEPT_MESSAGE, runSyncChain, type SyncOutcome } from './sync-runner';
import { parseTriggerWorkflows } from './trigger-workflows-param';
import type { ActionContext, PostActionEvent, PostActionName, SelectedWorkflow } from './types';
import type { WorkflowIndex } from './workflow-index';
import { collectionRefKey } from './collection-ref';

export interface MiddlewareDependencies {
  index: WorkflowIndex;
  workflowPlugin: PluginWorkflowServer;
  dispatcher: AsyncDispatcher;
  logger: PluginLogger;
}

type Next = () => Promise<unknown>;

/**
 * The resource middleware behind the trigger. On the way in it refuses a malformed
 * `triggerWorkflows` before the action writes anything; on the way out, after a
 * successful `create` or `update`, it starts the selected workflows: sync ones inline
 * (they may turn the response into an error), async ones after the response.
 */
export function createPostActionMiddleware(deps: MiddlewareDependencies) {
  const { index, logger } = deps;

  return async function postActionTrigger(ctx: ActionContext, next: Next) {
    const action = ctx.action?.actionName;

    if (action !== 'create' && action !== 'update') {
      return next();
    }

    const raw = ctx.action.params?.triggerWorkflows;
    const dataSource: string = ctx.dataSource?.name ?? 'main';
    const collections = ctx.dataSource?.collectionManager as PayloadCollections | undefined;
    const collection = collections ? actionCollection(collections, ctx.action.resourceName) : undefined;

    if (!collections || !collection) {
      if (raw !== undefined) {
        logger.warn('post-action trigger skipped: the resource is not a collection of the data source', {
          dataSource,
          resource: ctx.action.resourceName,
          action,
        });
      }

      return next();
    }

    const hasGlobal = index.hasGlobal(collectionRefKey({ dataSource, collection: collection.name }), action);

    if (raw === undefined && !hasGlobal) {
      return next();
    }

    let bindings: ResolvedBinding[];

    try {
      bindings = parseTriggerWorkflows(raw).map((binding) => ({
        ...binding,
        target: resolvePathTarget(collections, collection, binding),
      }));
    } catch (error) {
      if (error instanceof BadTriggerRequestError) {
        logger.warn('refused a request with a malformed triggerWorkflows', {
          dataSource,
          collection: collection.name,
          action,
          reason: error.message,
        });
        respondWithErrors(ctx, 400, [{ message: error.message }]);
        return;
      }

      throw error;
    }

    await next();

    const { selected, skipped } = selectWorkflows(index, {
      dataSource,
      collection: collection.name,
      action,
      bindings,
    });

    for (const skip of skipped) {
      logger.debug(`bound workflow "${skip.key}" not started: ${skip.reason}`, {
        workflowKey: skip.key,
        dataSource,
        collection: collection.name,
        action,
      });
    }

    if (!selected.length) {
      return;
    }

    const events = await buildEvents(ctx, collections, collection, selected, action, logger);

    await fireEvents(ctx, events, deps, {
      dataSource,
      resource: ctx.action.resourceName,
      collection: collection.name,
      action,
    });
  };
}

/** `posts`, or for an association resource such as `categories.posts` the target collection. */
function actionCollection(collections: PayloadCollections, resourceName: string): PayloadCollection | undefined {
  const [source, association] = resourceName.split('.');

  if (!association) {
    return collections.getCollection(source);
  }

  const field = collections.getCollection(source)?.getField(association);
  const target = field ? fieldTarget(field) : undefined;

  return target ? collections.getCollection(target) : undefined;
}

/** Saved rows: bulk `update` returns one model per matched row, `create` a single model. */
function savedRows(body: unknown): RecordModel[] {
  const rows = Array.isArray(body) ? body : [body];

  return rows.filter((row): row is RecordModel => !!row && typeof (row as RecordModel).get === 'function');
}

async function buildEvents(
  ctx: ActionContext,
  collections: PayloadCollections,
  collection: PayloadCollection,
  selected: SelectedWorkflow[],
  action: PostActionName,
  logger: PluginLogger,
): Promise<PostActionEvent[]> {
  const rows = savedRows(ctx.body);
  const events: PostActionEvent[] = [];

  for (const { workflow, path } of selected) {
    for (const row of rows) {
      const found = await walkPath(collections, collection, row, path);

      if (!found) {
        logger.debug('workflow not started: its association path leads to no record', {
          ...workflowFields(workflow),
          collection: collection.name,
          path: path.join('.'),
          action,
        });
        continue;
      }

      const data = await serializeRecord(found.collection, found.record, workflow.config.appends);
      const context = buildContext(data, ctx.state?.currentUser, ctx.state?.currentRole, action);

      events.push({ workflow, context });
    }
  }

  return events;
}

async function fireEvents(
  ctx: ActionContext,
  events: PostActionEvent[],
  deps: MiddlewareDependencies,
  where: { dataSource: string; resource: string; collection: string; action: PostActionName },
): Promise<void> {
  const { workflowPlugin, dispatcher, logger } = deps;
  const syncEvents = events.filter((event) => event.workflow.sync);
  const asyncEvents = events.filter((event) => !event.workflow.sync);

  const chain = await runSyncChain(syncEvents, (event) => {
    logger.debug('running sync workflow', { ...workflowFields(event.workflow), ...where });

    return workflowPlugin.trigger(event.workflow as never, event.context, {
      httpContext: ctx,
    }) as Promise<Processor | null | void>;
  });

  for (const { event, outcome } of chain.outcomes) {
    logOutcome(logger, event, outcome, where);
  }

  if (chain.rejection) {
    const { status, message } = chain.rejection;
    const messages = status === 400 ? responseMessages(ctx) : [];

    respondWithErrors(ctx, status, messages.length ? messages : [{ message }]);
    return;
  }

  if (!chain.proceed) {
    return;
  }

  if (asyncEvents.length) {
    for (const event of asyncEvents) {
      logger.debug('scheduling async workflow after the response', { ...workflowFields(event.workflow), ...where });
    }

    await dispatcher.dispatch(asyncEvents, ctx.res);
  }
}

function logOutcome(
  logger: PluginLogger,
  event: PostActionEvent,
  outcome: SyncOutcome,
  where: Record<string, unknown>,
): void {
  const fields = { ...workflowFields(event.workflow), ...where, ...outcomeFields(outcome) };

  if (outcome.kind === 'continue') {
    logger.debug('sync workflow resolved', fields);
  } else if (outcome.kind === 'stop') {
    logger.debug('sync workflow ended on an End node; later workflows are skipped', fields);
  } else if (outcome.status === 400) {
    logger.warn('request intercepted by an End node of a sync workflow', fields);
  } else {
    logger.error(outcome.message, fields);
  }
}

function outcomeFields(outcome: SyncOutcome): Record<string, unknown> {
  if (outcome.kind === 'reject') {
    return { executionId: outcome.executionId, executionStatus: outcome.executionStatus };
  }

  return { executionId: outcome.executionId };
}

/** Messages that response-message nodes left for the client, as `{ message }` objects. */
function responseMessages(ctx: ActionContext): Array<{ message: string }> {
  const messages = ctx.state?.messages;

  return Array.isArray(messages) ? messages : [];
}

/**
 * Answers with NocoBase's error body directly instead of throwing, so that the status and
 * body are the same whether or not the error-handler plugin is installed.
 */
function respondWithErrors(ctx: ActionContext, status: number, errors: Array<{ message: string }>): void {
  ctx.status = status;
  ctx.body = { errors };
  ctx.withoutDataWrapping = true;
}

export { DEFAULT_INTERCEPT_MESSAGE };
