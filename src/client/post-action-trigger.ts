import {
  CheckboxGroupWithTooltip,
  CollectionBlockInitializer,
  RadioWithTooltip,
  Trigger,
  TriggerCollectionRecordSelect,
} from '@nocobase/plugin-workflow/client';
import { AppendsSelect } from './components/AppendsSelect';
import { CollectionCascader } from './components/CollectionCascader';
import { tExpr } from './locale';
import { fieldset, presetFieldset, triggerFieldset } from './schemas';
import { triggerDataModelItem, triggerTempAssociationSource } from './trigger-data-block';
import type { PostActionTriggerConfig } from './types';
import { usePostActionVariables } from './variables';

/** Local mode only: a global workflow fires by itself, binding it to a button would run it twice. */
function isBindable(config: PostActionTriggerConfig | undefined): boolean {
  return Boolean(config?.collection) && !config?.global;
}

/** The `action` trigger type on the workflow canvas. */
export class PostActionTrigger extends Trigger {
  title = tExpr('Post-action event');

  description = tExpr(
    'Triggered after the completion of a request initiated through an action button or API, such as after adding or updating data. Suitable for data processing, sending notifications, etc., after actions are completed.',
  );

  presetFieldset = presetFieldset;

  fieldset = fieldset;

  triggerFieldset = triggerFieldset;

  components = {
    PostActionCollectionCascader: CollectionCascader,
    PostActionAppendsSelect: AppendsSelect,
    RadioWithTooltip,
    CheckboxGroupWithTooltip,
    TriggerCollectionRecordSelect,
  };

  // Read by "Bind workflows" on buttons, in both runtimes, to offer only bindable workflows.
  isActionTriggerable_deprecated = (config: object) => isBindable(config as PostActionTriggerConfig);

  actionTriggerableScope = (config: Record<string, unknown>) => isBindable(config as PostActionTriggerConfig);

  validate(config: Record<string, unknown>): boolean {
    return Boolean(config.collection);
  }

  useVariables = usePostActionVariables;

  getCreateModelMenuItem = ({ config }: { config: Record<string, unknown> }) => triggerDataModelItem(config);

  useTempAssociationSource = triggerTempAssociationSource;

  useInitializers(config: Record<string, unknown>) {
    if (!config.collection) {
      return null;
    }

    return {
      name: 'triggerData',
      type: 'item',
      key: 'triggerData',
      title: tExpr('Trigger data'),
      Component: CollectionBlockInitializer,
      collection: config.collection,
      dataPath: '$context.data',
    };
  }
}
