import {
  EXECUTION_STATUS,
  createWorkflow,
  executionsOf,
  useFixture,
} from './fixture';

describe('manual execution (workflows:execute)', () => {
  const fx = useFixture();

  const execute = (workflowId: number, values: unknown) =>
    fx.rootAgent.resource('workflows').execute({ filterByTk: workflowId, values });

  it('runs with the record loaded by its key (with appends), the user and their first role', async () => {
    const category = await fx.app.db.getRepository('categories').create({ values: { title: 'cat' } });
    const post = await fx.app.db.getRepository('posts').create({
      values: { title: 'manual', categoryId: category.get('id'), secret: 'hidden' },
    });
    const workflow = await createWorkflow(fx.app, {
      enabled: false,
      config: { collection: 'posts', appends: ['category'] },
    });

    const res = await execute(workflow.id, { data: post.get('id'), userId: fx.member.id });

    expect(res.status).toBe(200);
    expect(res.body.data.execution.status).toBe(EXECUTION_STATUS.RESOLVED);

    const [execution] = await executionsOf(fx.app, workflow);

    expect(execution.manually).toBe(true);
    expect(execution.context.data).toMatchObject({ id: post.get('id'), title: 'manual', category: { title: 'cat' } });
    expect(execution.context.data).not.toHaveProperty('secret');
    expect(execution.context.user).toMatchObject({ id: fx.member.id });
    expect(execution.context.user).not.toHaveProperty('password');
    expect(execution.context.user).not.toHaveProperty('roles');
    expect(execution.context.roleName).toBe('member');
  });

  it('accepts a record object and an explicit role', async () => {
    const post = await fx.app.db.getRepository('posts').create({ values: { title: 'from object' } });
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    const res = await execute(workflow.id, { data: { id: post.get('id'), title: 'stale' }, userId: fx.root.id, roleName: 'admin' });

    expect(res.status).toBe(200);

    const [execution] = await executionsOf(fx.app, workflow);

    expect(execution.context.data.title).toBe('from object');
    expect(execution.context.roleName).toBe('admin');
  });

  it('accepts a composite key as an object of its fields', async () => {
    const post = await fx.app.db.getRepository('posts').create({ values: { title: 'p' } });
    const tag = await fx.app.db.getRepository('tags').create({ values: { name: 't' } });

    await fx.app.db.getRepository('postsTags').create({ values: { postId: post.get('id'), tagId: tag.get('id'), note: 'n' } });

    const workflow = await createWorkflow(fx.app, { config: { collection: 'postsTags', appends: ['tag'] } });
    const res = await execute(workflow.id, { data: { postId: post.get('id'), tagId: tag.get('id') }, userId: fx.root.id });

    expect(res.status).toBe(200);

    const [execution] = await executionsOf(fx.app, workflow);

    expect(execution.context.data).toMatchObject({ note: 'n', tag: { name: 't' } });
  });

  describe('refuses input that cannot start it, with 400 and nothing triggered', () => {
    const cases: Array<[string, (ids: { post: number; member: number }) => unknown, RegExp]> = [
      ['missing data', ({ member }) => ({ userId: member }), /Trigger data is required/],
      ['missing user', ({ post }) => ({ data: post }), /User acted is required/],
      ['a data object without its key', ({ member }) => ({ data: { title: 'no id' }, userId: member }), /no value for the key field id/],
      ['a key that names no record', ({ member }) => ({ data: 987654, userId: member }), /no record of collection "posts" has the key 987654/],
      ['a user that does not exist', ({ post }) => ({ data: post, userId: 987654 }), /user 987654 does not exist/],
      ['a data value that is not a record or key', ({ member }) => ({ data: [1, 2], userId: member }), /data must be a record/],
    ];

    it.each(cases)('%s', async (_label, makeValues, message) => {
      const post = await fx.app.db.getRepository('posts').create({ values: { title: 'p' } });
      const workflow = await createWorkflow(fx.app, { config: { collection: 'posts', appends: ['category'] } });

      const res = await execute(workflow.id, makeValues({ post: post.get('id') as number, member: fx.member.id }));

      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(message);
      expect(await executionsOf(fx.app, workflow)).toHaveLength(0);
    });
  });
});
