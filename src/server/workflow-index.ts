import { collectionRefKey, parseCollectionRef } from './collection-ref';
import type { PostActionName, WorkflowLike } from './types';

interface IndexEntry {
  workflow: WorkflowLike;
  collectionKey: string;
}

/**
 * The enabled post-action workflows, looked up by collection (global mode) and by key
 * (local mode), so that a request costs the same however many workflows other
 * collections have. The trigger's `on`/`off`, which the workflow plugin calls when a
 * version is enabled, disabled, replaced by a revision or deleted, keep it in step.
 */
export class WorkflowIndex {
  private readonly entries = new Map<number | string, IndexEntry>();

  private readonly byKey = new Map<string, WorkflowLike>();

  /** Global workflows per collection, kept sorted by id so that they fire in a stable order. */
  private readonly globalByCollection = new Map<string, WorkflowLike[]>();

  add(workflow: WorkflowLike): void {
    this.remove(workflow);

    const collection = workflow.config?.collection;

    if (typeof collection !== 'string' || !collection) {
      return;
    }

    const collectionKey = collectionRefKey(parseCollectionRef(collection));

    this.entries.set(workflow.id, { workflow, collectionKey });
    this.byKey.set(workflow.key, workflow);

    if (workflow.config.global) {
      const list = [...(this.globalByCollection.get(collectionKey) ?? []), workflow];

      list.sort((a, b) => compareIds(a.id, b.id));
      this.globalByCollection.set(collectionKey, list);
    }
  }

  remove(workflow: Pick<WorkflowLike, 'id'>): void {
    const entry = this.entries.get(workflow.id);

    if (!entry) {
      return;
    }

    this.entries.delete(workflow.id);

    if (this.byKey.get(entry.workflow.key)?.id === workflow.id) {
      this.byKey.delete(entry.workflow.key);
    }

    const globals = this.globalByCollection.get(entry.collectionKey);

    if (globals) {
      const rest = globals.filter((item) => item.id !== workflow.id);

      if (rest.length) {
        this.globalByCollection.set(entry.collectionKey, rest);
      } else {
        this.globalByCollection.delete(entry.collectionKey);
      }
    }
  }

  /** The enabled version of the workflow with this key, if any. */
  findByKey(key: string): WorkflowLike | undefined {
    return this.byKey.get(key);
  }

  /** The collection key (`dataSource:collection`) an indexed workflow is configured on. */
  collectionKeyOf(workflow: Pick<WorkflowLike, 'id'>): string | undefined {
    return this.entries.get(workflow.id)?.collectionKey;
  }

  /** Whether any global workflow of the collection listens to this action (no allocation). */
  hasGlobal(collectionKey: string, action: PostActionName): boolean {
    const list = this.globalByCollection.get(collectionKey);

    return list?.some((workflow) => workflow.config.actions?.includes(action)) ?? false;
  }

  /** Global workflows of a collection that listen to this action, by ascending id. */
  findGlobal(collectionKey: string, action: PostActionName): WorkflowLike[] {
    const list = this.globalByCollection.get(collectionKey);

    if (!list) {
      return [];
    }

    return list.filter((workflow) => workflow.config.actions?.includes(action));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Ids are numbers (snowflakes may come back as strings from some dialects). */
function compareIds(a: number | string, b: number | string): number {
  const left = BigInt(a);
  const right = BigInt(b);

  return left < right ? -1 : left > right ? 1 : 0;
}
