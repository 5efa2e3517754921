import { parseCollectionRef } from './collection-ref';
import { tExpr } from './locale';

/** Where the trigger's record lives in an execution's context. */
const TRIGGER_DATA_PATH = '$context.data';

interface TriggerConfigLike {
  collection?: unknown;
}

/**
 * The "Trigger data" entry of FlowEngine block menus (e.g. a manual node's interface): a
 * details block of the workflow plugin's `NodeDetailsModel` reading `$context.data`.
 */
export function triggerDataModelItem(config: TriggerConfigLike) {
  if (typeof config?.collection !== 'string' || !config.collection) {
    return null;
  }

  const { dataSource, collection } = parseCollectionRef(config.collection);
  const title = tExpr('Trigger data');

  return {
    key: 'triggerData',
    label: title,
    useModel: 'NodeDetailsModel',
    createModelOptions: {
      use: 'NodeDetailsModel',
      stepParams: {
        resourceSettings: {
          init: { dataSourceKey: dataSource, collectionName: collection, dataPath: TRIGGER_DATA_PATH },
        },
        cardSettings: { titleDescription: { title } },
      },
      subModels: { grid: { use: 'NodeDetailsGridModel', subType: 'object' } },
    },
  };
}

/**
 * Lets blocks showing the trigger record load its associations through the workflow: the
 * record is not fetched from the collection but read from the execution context.
 */
export function triggerTempAssociationSource(config: TriggerConfigLike, workflow?: { id?: string | number }) {
  if (typeof config?.collection !== 'string' || !config.collection || workflow?.id == null) {
    return null;
  }

  return {
    collection: config.collection,
    nodeId: workflow.id,
    nodeKey: 'workflow',
    nodeType: 'workflow' as const,
  };
}
