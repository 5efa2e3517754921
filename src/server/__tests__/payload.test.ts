import {
  createWorkflow,
  waitForExecutions,
  useFixture,
} from './fixture';

describe('the event payload', () => {
  const fx = useFixture();

  it('appends load associations onto the trigger record, nested as plain JSON', async () => {
    const category = await fx.app.db.getRepository('categories').create({ values: { title: 'cat' } });
    const tags = await fx.app.db.getRepository('tags').create({ values: [{ name: 'a' }, { name: 'b' }] });
    const workflow = await createWorkflow(fx.app, {
      config: { collection: 'posts', appends: ['category', 'tags', 'createdBy'] },
    });

    const res = await fx.rootAgent.resource('posts').create({
      values: { title: 'with appends', categoryId: category.get('id'), tags: tags.map((tag: any) => tag.get('id')) },
      triggerWorkflows: workflow.key,
    });

    expect(res.status).toBe(200);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);
    const { data } = execution.context;

    expect(data.category).toMatchObject({ id: category.get('id'), title: 'cat' });
    expect(data.tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['a', 'b']);
    expect(data.createdBy).toMatchObject({ id: fx.root.id });
    expect(data.createdBy).not.toHaveProperty('password');
  });

  it('a path uses the association created in the same request', async () => {
    const workflow = await createWorkflow(fx.app, {
      config: { collection: 'categories', appends: ['posts'] },
    });

    const res = await fx.rootAgent.resource('posts').create({
      values: { title: 'child', category: { title: 'created with the post' } },
      triggerWorkflows: `${workflow.key}!category`,
    });

    expect(res.status).toBe(200);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.context.data.title).toBe('created with the post');
    expect(execution.context.data.posts.map((post: { title: string }) => post.title)).toEqual(['child']);
  });

  it('a record with a composite key is reloaded by it, with appends', async () => {
    const post = await fx.app.db.getRepository('posts').create({ values: { title: 'p' } });
    const tag = await fx.app.db.getRepository('tags').create({ values: { name: 't' } });
    const workflow = await createWorkflow(fx.app, {
      config: { collection: 'postsTags', appends: ['post', 'tag'] },
    });

    const res = await fx.rootAgent.resource('postsTags').create({
      values: { postId: post.get('id'), tagId: tag.get('id'), note: 'linked' },
      triggerWorkflows: workflow.key,
    });

    expect(res.status).toBe(200);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.context.data).toMatchObject({
      postId: post.get('id'),
      tagId: tag.get('id'),
      note: 'linked',
      post: { title: 'p' },
      tag: { name: 't' },
    });
  });
});
