/** What the parent (bench/run.ts) and the app processes (bench/app.ts) agree on. */

/** a: no post-action plugin; b: NocoBase's built-in one; c: ours. */
export type Variant = 'a' | 'b' | 'c';

export const VARIANTS: Variant[] = ['a', 'b', 'c'];

export const VARIANT_NAMES: Record<Variant, string> = {
  a: 'no post-action plugin',
  b: 'built-in @nocobase/plugin-workflow-action-trigger@2.2.15',
  c: 'ours (src/server/plugin.ts)',
};

/** Collections the "other" workflows of workload 1 are configured on; requests never touch them. */
export const OTHER_COLLECTIONS = Array.from({ length: 10 }, (_, i) => `others${i}`);

/**
 * `posts` as in the test fixture, minus the associations the workload does not use, and ten
 * small collections for the workflows that must not match.
 */
export const BENCH_COLLECTIONS = [
  {
    name: 'posts',
    createdBy: true,
    updatedBy: true,
    asStrategyResource: true,
    fields: [
      { type: 'string', name: 'title' },
      { type: 'boolean', name: 'published', defaultValue: false },
      { type: 'integer', name: 'read', defaultValue: 0 },
    ],
  },
  ...OTHER_COLLECTIONS.map((name) => ({
    name,
    asStrategyResource: true,
    fields: [{ type: 'string', name: 'title' }],
  })),
];
