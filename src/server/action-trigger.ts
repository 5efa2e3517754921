import { Trigger } from '@nocobase/plugin-workflow';
import type PluginWorkflowServer from '@nocobase/plugin-workflow';
import type { Processor, WorkflowModel } from '@nocobase/plugin-workflow';
import type { Transactionable } from '@nocobase/database';
import { validatePostActionConfig, type DataSourceCollections } from './config';
import { buildManualContext, missingManualFields, type ManualDependencies, type ManualInput } from './manual-execution';
import type { WorkflowIndex } from './workflow-index';
import type { WorkflowLike } from './types';

/**
 * The `action` trigger type as the workflow plugin sees it: it keeps the index of enabled
 * workflows in step, validates configs on save, and runs manual executions. Firing on
 * requests is the middleware's job.
 */
export class PostActionTrigger extends Trigger {
  constructor(
    workflowPlugin: PluginWorkflowServer,
    private readonly index: WorkflowIndex,
    private readonly collectionsOf: DataSourceCollections & ManualDependencies['collectionsOf'],
    private readonly findUser: ManualDependencies['findUser'],
  ) {
    super(workflowPlugin);
  }

  on(workflow: WorkflowModel): void {
    this.index.add(workflow as unknown as WorkflowLike);
  }

  off(workflow: WorkflowModel): void {
    this.index.remove(workflow as unknown as WorkflowLike);
  }

  validateConfig(config: Record<string, unknown>): Record<string, string> | null {
    return validatePostActionConfig(config, this.collectionsOf);
  }

  validateContext(values: ManualInput): Record<string, string> | null {
    return missingManualFields(values);
  }

  async execute(workflow: WorkflowModel, values: ManualInput, options: Transactionable): Promise<Processor | null | void> {
    const context = await buildManualContext(workflow as unknown as WorkflowLike, values, {
      collectionsOf: this.collectionsOf,
      findUser: this.findUser,
    });

    return this.workflow.trigger(workflow, context, { ...options, manually: true });
  }
}
