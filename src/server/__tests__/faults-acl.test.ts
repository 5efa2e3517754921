import { OUTBOX_COLLECTION } from '../outbox';
import { createWorkflow, executionsOf, useFixture, waitFor, waitForExecutions } from './fixture';

/** Every key anywhere in a JSON value, so that a password cannot hide in a nested object. */
function keysOf(value: unknown, keys = new Set<string>()): Set<string> {
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      keys.add(key);
      keysOf(child, keys);
    }
  }

  return keys;
}

describe('permissions and what a payload may carry', () => {
  const fx = useFixture();

  const outboxCount = () => fx.app.db.getRepository(OUTBOX_COLLECTION).count();

  /** Lets the dispatcher's delay pass, so that a wrongly fired workflow would have an execution. */
  const settle = async () => {
    await waitFor(async () => (await outboxCount()) === 0, 10_000, 'an empty outbox');
    await new Promise((resolve) => setTimeout(resolve, 300));
  };

  beforeAll(async () => {
    // The member may only view comments, and view or create tags (not update them).
    for (const [name, actions] of [
      ['comments', ['view']],
      ['tags', ['view', 'create']],
    ] as const) {
      const res = await fx.rootAgent.resource('roles.resources', 'member').create({
        values: { name, usingActionsConfig: true, actions: actions.map((action) => ({ name: action })) },
      });

      expect(res.status).toBe(200);
    }
  });


  it('a member cannot fire workflows on a collection it may not create in', async () => {
    const local = await createWorkflow(fx.app, { config: { collection: 'comments' } });
    const global = await createWorkflow(fx.app, { config: { collection: 'comments', global: true, actions: ['create'] } });

    const res = await fx.memberAgent.resource('comments').create({ values: { content: 'c' }, triggerWorkflows: local.key });

    expect(res.status).toBe(403);
    await settle();
    expect(await fx.app.db.getRepository('comments').count()).toBe(0);
    expect(await executionsOf(fx.app, local)).toHaveLength(0);
    expect(await executionsOf(fx.app, global)).toHaveLength(0);
  });

  it('a member cannot fire update workflows with an action it may not use', async () => {
    const tag = await fx.app.db.getRepository('tags').create({ values: { name: 't' } });
    const local = await createWorkflow(fx.app, { config: { collection: 'tags' } });
    const global = await createWorkflow(fx.app, { config: { collection: 'tags', global: true, actions: ['update'] } });

    const res = await fx.memberAgent
      .resource('tags')
      .update({ filterByTk: tag.get('id'), values: { name: 'changed' }, triggerWorkflows: local.key });

    expect(res.status).toBe(403);
    await settle();
    expect((await fx.app.db.getRepository('tags').findOne({ filterByTk: tag.get('id') })).get('name')).toBe('t');
    expect(await executionsOf(fx.app, local)).toHaveLength(0);
    expect(await executionsOf(fx.app, global)).toHaveLength(0);

    // The same member may create tags, and that does fire: the refusal above was the ACL's.
    const allowed = await fx.memberAgent.resource('tags').create({ values: { name: 'new' }, triggerWorkflows: local.key });

    expect(allowed.status).toBe(200);
    await waitForExecutions(fx.app, local, 1);
  });

  it('an anonymous request fires nothing', async () => {
    const local = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const global = await createWorkflow(fx.app, { config: { collection: 'posts', global: true, actions: ['create'] } });

    const res = await fx.app.agent().resource('posts').create({ values: { title: 'anon' }, triggerWorkflows: local.key });

    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await settle();
    expect(await fx.app.db.getRepository('posts').count()).toBe(0);
    expect(await executionsOf(fx.app, local)).toHaveLength(0);
    expect(await executionsOf(fx.app, global)).toHaveLength(0);
  });

  it('neither the outbox nor the execution carries a password or a hidden field', async () => {
    const workflow = await createWorkflow(fx.app, {
      config: { collection: 'posts', appends: ['createdBy', 'updatedBy'] },
    });

    const written: Array<{ get(name: string): unknown }> = [];
    const capture = (rows: typeof written) => written.push(...rows);

    // Captured as written: the row itself is deleted once its execution exists.
    fx.app.db.on(`${OUTBOX_COLLECTION}.afterBulkCreate`, capture);

    const res = await fx.memberAgent.resource('posts').create({
      values: { title: 'with secret', secret: 'do-not-leak' },
      triggerWorkflows: workflow.key,
    });

    expect(res.status).toBe(200);

    fx.app.db.off(`${OUTBOX_COLLECTION}.afterBulkCreate`, capture);

    const [row] = written;
    const [execution] = await waitForExecutions(fx.app, workflow, 1);
    const stored = await fx.app.db.getRepository('posts').findOne({ filterByTk: res.body.data.id });

    // The secret was saved: the payload leaves it out on purpose, not because it is missing.
    expect(stored.get('secret')).toBe('do-not-leak');
    expect(execution.context.data.createdBy).toMatchObject({ id: fx.member.id });

    for (const context of [row.get('context'), execution.context]) {
      const keys = keysOf(context);

      expect(keys.has('password')).toBe(false);
      expect(keys.has('secret')).toBe(false);
      expect(JSON.stringify(context)).not.toContain('do-not-leak');
    }
  });
});
