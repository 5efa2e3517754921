import { Plugin } from '@nocobase/client';
import { PostActionTrigger } from './post-action-trigger';

/** The type string shared with the server and stored in `workflows.type`. */
export const TRIGGER_TYPE = 'action';

/** The client side of the post-action trigger: registers it with the workflow plugin's canvas. */
export class PluginWorkflowActionTriggerClient extends Plugin {
  async load() {
    const workflow = this.app.pm.get('workflow');

    workflow.registerTrigger(TRIGGER_TYPE, PostActionTrigger);
  }
}

export default PluginWorkflowActionTriggerClient;
