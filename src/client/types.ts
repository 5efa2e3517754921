/** The actions a global-mode workflow can listen to. */
export type PostActionName = 'create' | 'update';

/** `workflows.config` of a post-action workflow, as the forms edit it. */
export interface PostActionTriggerConfig {
  collection?: string;
  global?: boolean;
  actions?: PostActionName[];
  appends?: string[];
}
