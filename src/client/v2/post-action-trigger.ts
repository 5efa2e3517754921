import { Trigger } from '@nocobase/plugin-workflow/client-v2';
import { triggerDataModelItem, triggerTempAssociationSource } from '../trigger-data-block';
import type { PostActionTriggerConfig } from '../types';
import { PostActionExecuteFieldset } from './PostActionExecuteFieldset';
import { PostActionFieldset, PostActionPresetFieldset } from './PostActionFieldsets';
import { usePostActionVariablesV2 } from './variables';

type Translate = (text: string) => string;

const DESCRIPTION =
  'Triggered after the completion of a request initiated through an action button or API, such as after adding or updating data. Suitable for data processing, sending notifications, etc., after actions are completed.';

/**
 * The `action` trigger on the modern (`/v/`) canvas. Titles are translated once, when the
 * plugin loads, because this canvas shows them as given.
 */
export class PostActionTriggerV2 extends Trigger {
  title: string;

  description: string;

  PresetFieldsetLoader = async () => ({ default: PostActionPresetFieldset });

  FieldsetLoader = async () => ({ default: PostActionFieldset });

  TriggerFieldsetLoader = async () => ({ default: PostActionExecuteFieldset });

  // "Bind workflows" offers only local-mode workflows: a global one fires by itself.
  actionTriggerableScope = (config: Record<string, unknown>) =>
    Boolean(config?.collection) && !(config as PostActionTriggerConfig).global;

  useVariables = usePostActionVariablesV2;

  getCreateModelMenuItem = ({ config }: { config: Record<string, unknown> }) => triggerDataModelItem(config);

  useTempAssociationSource = triggerTempAssociationSource;

  constructor(t: Translate) {
    super();
    this.title = t('Post-action event');
    this.description = t(DESCRIPTION);
  }

  validate(config: Record<string, unknown>): boolean {
    return Boolean(config.collection);
  }
}
