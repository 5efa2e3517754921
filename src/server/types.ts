import type { Context } from '@nocobase/actions';

/** The actions a post-action workflow can listen to. */
export type PostActionName = 'create' | 'update';

export const POST_ACTIONS: readonly PostActionName[] = ['create', 'update'];

/** `workflows.config` of a workflow whose type is `action`. */
export interface PostActionConfig {
  /** `posts` for the main data source, `another:posts` for data source `another`. */
  collection: string;
  /** Global mode when true: fires on every listed action, no binding needed. */
  global?: boolean;
  /** Global mode only: which actions fire the workflow. */
  actions?: PostActionName[];
  /** Dotted association paths loaded onto the trigger record. */
  appends?: string[];
}

/** One entry of the `triggerWorkflows` parameter: `key` or `key!a.b`. */
export interface TriggerBinding {
  key: string;
  /** To-one association fields to walk from the action's record; empty for the record itself. */
  path: string[];
}

/** What a workflow reads as `$context` when a post-action event starts it. */
export interface PostActionContext {
  data: Record<string, unknown> | null;
  user: Record<string, unknown> | null;
  roleName: string | null;
  action: PostActionName;
}

/** A workflow chosen for this request, with the binding that chose it (if local). */
export interface SelectedWorkflow {
  workflow: WorkflowLike;
  /** The association path from the request's record; empty for global workflows. */
  path: string[];
}

/** One execution to start: which workflow, and with what context. */
export interface PostActionEvent {
  workflow: WorkflowLike;
  context: PostActionContext;
}

/**
 * The fields of a workflow model this plugin reads. The workflow plugin's model is a
 * Sequelize model whose attributes are also available through `get()`.
 */
export interface WorkflowLike {
  id: number;
  key: string;
  title?: string;
  type: string;
  sync: boolean;
  enabled: boolean;
  config: PostActionConfig;
  get(name: string): unknown;
}

export type ActionContext = Context;
