/** The subset of NocoBase's (winston) logger the plugin writes to. */
export interface PluginLogger {
  debug(message: string, meta?: Record<string, unknown>): unknown;
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/** Every line the plugin writes carries this module name, so one filter finds them all. */
export const LOG_MODULE = 'workflow-action-trigger';

/** The structured fields that say which workflow a line is about. */
export function workflowFields(workflow: { id: number | string; key: string; title?: string }) {
  return { workflowId: workflow.id, workflowKey: workflow.key, workflowTitle: workflow.title };
}
