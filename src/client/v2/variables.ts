import { useFlowEngine } from '@nocobase/flow-engine';
import {
  getCollectionFieldOptions,
  getCollectionManagerAdapter,
  type UseVariableOptions,
  type VariableOption,
} from '@nocobase/plugin-workflow/client-v2';
import { useTranslation } from 'react-i18next';
import { MAIN_DATA_SOURCE, parseCollectionRef } from '../collection-ref';
import { usePostActionTranslation } from '../locale';
import type { PostActionTriggerConfig } from '../types';

/** Field titles are stored as `{{t("Title")}}` templates; this renders them in the UI language. */
function useTitleCompiler() {
  const { t } = useTranslation(['client', 'workflow'], { nsMode: 'fallback' });

  const template = /^\{\{\s*t\(\s*["'](.+?)["'].*\)\s*\}\}$/;

  return (source: string) => source.replace(template, (_, text: string) => t(text));
}

/**
 * `$context` of a post-action event on the modern canvas: the record (with the chosen appends),
 * the user, their role and the action, as on the legacy canvas.
 */
export function usePostActionVariablesV2(
  config: PostActionTriggerConfig,
  options: UseVariableOptions = {},
): VariableOption[] {
  const { t } = usePostActionTranslation();
  const compileTitle = useTitleCompiler();
  const engine = useFlowEngine();
  const dataSourceManager = engine?.dataSourceManager ?? engine?.context?.dataSourceManager;
  const ref = config.collection ? parseCollectionRef(config.collection) : null;

  const tree = (fields: object[], dataSource: string, appends: string[] | null) =>
    getCollectionFieldOptions({
      ...options,
      fields,
      appends,
      // Titles here are translated already; collection field titles go through the same hook.
      compile: (source: unknown) => (typeof source === 'string' ? compileTitle(source) : source),
      collectionManager: getCollectionManagerAdapter(dataSourceManager, dataSource),
    });

  const data = ref
    ? tree(
        [
          {
            name: 'data',
            type: 'hasOne',
            target: ref.collection,
            collectionName: ref.collection,
            uiSchema: { title: t('Trigger data') },
          },
        ],
        ref.dataSource,
        ['data', ...(config.appends ?? []).map((path) => `data.${path}`)],
      )
    : [];
  const user = tree(
    [
      {
        name: 'user',
        type: 'belongsTo',
        target: 'users',
        collectionName: 'users',
        uiSchema: { title: t('User acted') },
      },
    ],
    MAIN_DATA_SOURCE,
    ['user'],
  );
  const scalars = tree(
    [
      { name: 'roleName', type: 'string', interface: 'input', uiSchema: { title: t('Role of user acted') } },
      { name: 'action', type: 'string', interface: 'input', uiSchema: { title: t('Action') } },
    ],
    MAIN_DATA_SOURCE,
    null,
  );

  return [...data, ...user, ...scalars];
}
