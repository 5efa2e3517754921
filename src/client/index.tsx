import { Plugin } from '@nocobase/client';

/** The client side of the post-action trigger. */
export class PluginWorkflowActionTriggerClient extends Plugin {
  async load() {}
}

export default PluginWorkflowActionTriggerClient;
