import { useCompile } from '@nocobase/client';
import {
  getCollectionFieldOptions,
  useGetDataSourceCollectionManager,
  type UseVariableOptions,
  type VariableOption,
} from '@nocobase/plugin-workflow/client';
import { MAIN_DATA_SOURCE, parseCollectionRef } from './collection-ref';
import { tExpr } from './locale';
import type { PostActionTriggerConfig } from './types';

/** What the workflow plugin's tree builder reads from a collection manager. */
interface FieldSource {
  getCollectionAllFields(name: string): unknown[];
}

/** A pseudo field the variable tree starts from: `$context.<name>`. */
interface RootField {
  name: string;
  type: string;
  target?: string;
  collectionName?: string;
  interface?: string;
  uiSchema: { title: string };
}

function scalar(name: string, title: string): RootField {
  return { name, type: 'string', interface: 'input', uiSchema: { title } };
}

/**
 * The variables later nodes can use: `$context.data` (the record, its fields and the chosen
 * appends), `$context.user`, `$context.roleName` and `$context.action` (`create` or `update`).
 */
export function usePostActionVariables(
  config: PostActionTriggerConfig,
  options: UseVariableOptions = {},
): VariableOption[] {
  const compile = useCompile();
  const ref = config.collection ? parseCollectionRef(config.collection) : null;
  const dataCollections = useGetDataSourceCollectionManager(ref?.dataSource ?? MAIN_DATA_SOURCE);
  const mainCollections = useGetDataSourceCollectionManager(MAIN_DATA_SOURCE);

  const tree = (fields: RootField[], collectionManager: unknown, appends: string[] | null) =>
    getCollectionFieldOptions({
      ...options,
      fields,
      appends,
      compile,
      collectionManager,
      getCollectionFields: (name: string) =>
        (collectionManager as FieldSource | undefined)?.getCollectionAllFields(name) ?? [],
    });

  const data: RootField[] = ref
    ? [
        {
          name: 'data',
          type: 'hasOne',
          target: ref.collection,
          collectionName: ref.collection,
          uiSchema: { title: tExpr('Trigger data') },
        },
      ]
    : [];
  const user: RootField = {
    name: 'user',
    type: 'belongsTo',
    target: 'users',
    collectionName: 'users',
    uiSchema: { title: tExpr('User acted') },
  };
  const scalars: RootField[] = [
    scalar('roleName', tExpr('Role of user acted')),
    scalar('action', tExpr('Action')),
  ];
  const dataAppends = ['data', ...(config.appends ?? []).map((path) => `data.${path}`)];

  return [
    ...tree(data, dataCollections, dataAppends),
    ...tree([user], mainCollections, ['user']),
    ...tree(scalars, mainCollections, null),
  ];
}
