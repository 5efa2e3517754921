export { PluginWorkflowActionTriggerServer, TRIGGER_TYPE } from './plugin';
export type { PostActionConfig, PostActionContext, TriggerBinding } from './types';
export { default } from './plugin';
