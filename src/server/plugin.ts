import { Plugin } from '@nocobase/server';
import PluginWorkflowServer from '@nocobase/plugin-workflow';
import { PostActionTrigger } from './action-trigger';
import { normalizeCollection } from './config';
import { LOG_MODULE, type PluginLogger } from './logger';
import { createPostActionMiddleware } from './middleware';
import { setUpOutbox, type OutboxDispatcher } from './outbox';
import type { PayloadCollections } from './payload';
import { WorkflowIndex } from './workflow-index';

/** The trigger type string, shared with NocoBase's built-in plugin so workflows carry over. */
export const TRIGGER_TYPE = 'action';

interface WorkflowRecord {
  type?: string;
  config?: { collection?: string } & Record<string, unknown>;
  isNewRecord?: boolean;
  changed(key: string): boolean | string[];
  set(key: string, value: unknown): void;
}

export class PluginWorkflowActionTriggerServer extends Plugin {
  readonly index = new WorkflowIndex();

  /** The durable async dispatcher; public so that operators' scripts and tests can sweep. */
  dispatcher?: OutboxDispatcher;

  private get logger(): PluginLogger {
    return (this.log as unknown as { child(meta: object): PluginLogger }).child({ module: LOG_MODULE });
  }

  async load() {
    const workflowPlugin = this.app.pm.get(PluginWorkflowServer) as PluginWorkflowServer;
    const logger = this.logger;

    const collectionsOf = (dataSource: string) =>
      this.app.dataSourceManager.dataSources.get(dataSource)?.collectionManager as PayloadCollections | undefined;

    const findUser = (userId: string | number) =>
      this.db.getRepository('users').findOne({ filterByTk: userId, appends: ['roles'] });

    workflowPlugin.registerTrigger(
      TRIGGER_TYPE,
      new PostActionTrigger(workflowPlugin, this.index, collectionsOf, findUser as never),
    );

    this.dispatcher = setUpOutbox(this.app, this.db, workflowPlugin as never, this.options?.outbox, logger);

    this.db.on('workflows.beforeSave', (model: WorkflowRecord) => normalizeStoredCollection(model));

    this.app.dataSourceManager.use(
      createPostActionMiddleware({ index: this.index, workflowPlugin, dispatcher: this.dispatcher, logger }),
      { tag: 'workflow-action-trigger' },
    );

    this.app.on('beforeStop', () => this.dispatcher?.close());
  }
}

/** Stores `main:posts` as `posts` when a config is written, the form requests match. */
function normalizeStoredCollection(model: WorkflowRecord): void {
  if (model.type !== TRIGGER_TYPE || !model.config?.collection) {
    return;
  }

  if (!model.isNewRecord && !model.changed('config')) {
    return;
  }

  const normalized = normalizeCollection(model.config.collection);

  if (normalized !== model.config.collection) {
    model.set('config', { ...model.config, collection: normalized });
  }
}

export default PluginWorkflowActionTriggerServer;
