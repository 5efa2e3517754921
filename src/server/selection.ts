import type { CollectionLike } from './association-path';
import { collectionRefKey } from './collection-ref';
import type { WorkflowIndex } from './workflow-index';
import type { PostActionName, SelectedWorkflow, TriggerBinding } from './types';

/** A `triggerWorkflows` entry whose path has been checked against the request's collection. */
export interface ResolvedBinding extends TriggerBinding {
  /** The collection the path leads to: the action's own one when the path is empty. */
  target: CollectionLike;
}

export interface SelectionRequest {
  dataSource: string;
  collection: string;
  action: PostActionName;
  bindings: ResolvedBinding[];
}

/** Why a bound key started nothing; reported to the caller for logging. */
export interface SkippedBinding {
  key: string;
  reason: 'no enabled workflow' | 'workflow is in global mode' | 'collection does not match';
}

export interface Selection {
  selected: SelectedWorkflow[];
  skipped: SkippedBinding[];
}

/**
 * Chooses the workflows one successful action starts: bound local workflows in the order
 * of the parameter, then global workflows of the collection listening to the action, by id.
 * Global workflows fire through their configured actions only, bound or not, so each
 * workflow appears once.
 */
export function selectWorkflows(index: WorkflowIndex, request: SelectionRequest): Selection {
  const selected: SelectedWorkflow[] = [];
  const skipped: SkippedBinding[] = [];

  for (const binding of request.bindings) {
    const workflow = index.findByKey(binding.key);

    if (!workflow) {
      skipped.push({ key: binding.key, reason: 'no enabled workflow' });
      continue;
    }

    if (workflow.config.global) {
      skipped.push({ key: binding.key, reason: 'workflow is in global mode' });
      continue;
    }

    const target = collectionRefKey({ dataSource: request.dataSource, collection: binding.target.name });

    if (index.collectionKeyOf(workflow) !== target) {
      skipped.push({ key: binding.key, reason: 'collection does not match' });
      continue;
    }

    selected.push({ workflow, path: binding.path });
  }

  const own = collectionRefKey({ dataSource: request.dataSource, collection: request.collection });

  for (const workflow of index.findGlobal(own, request.action)) {
    selected.push({ workflow, path: [] });
  }

  return { selected, skipped };
}
