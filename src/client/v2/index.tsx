import { Plugin } from '@nocobase/client-v2';
import { NAMESPACE } from '../locale';
import { PostActionTriggerV2 } from './post-action-trigger';

/** The plugin on the modern client (`/v/`), which keeps a trigger registry of its own. */
export class PluginWorkflowActionTriggerClientV2 extends Plugin {
  async load() {
    const t = (text: string) => this.app.i18n.t(text, { ns: [NAMESPACE, 'workflow'], nsMode: 'fallback' });

    this.app.pm.get('workflow').registerTrigger('action', new PostActionTriggerV2(t));
  }
}

export default PluginWorkflowActionTriggerClientV2;
