import {
  createWorkflow,
  executionsOf,
  waitForExecutions,
  useFixture,
} from './fixture';

describe('the triggerWorkflows parameter', () => {
  const fx = useFixture();

  async function postCount() {
    return fx.app.db.getRepository('posts').count();
  }

  describe('a malformed value is refused with 400 before anything is written', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['an empty key', ',k1', /empty workflow key/],
      ['a key-less path', '!category', /empty workflow key/],
      ['an empty path segment', 'k1!category.', /empty association path segment/],
      ['a segment that is not a field', 'k1!nope', /"nope" is not a field of collection "posts"/],
      ['a segment that is not an association', 'k1!title', /"title" .* is a string field, not a to-one association/],
      ['a to-many segment', 'k1!comments', /"comments" .* is a hasMany field/],
      ['a path through a to-many', 'k1!tags.posts', /"tags" .* is a belongsToMany field/],
    ];

    it.each(cases)('%s', async (_label, value, message) => {
      const res = await fx.memberAgent.resource('posts').create({
        values: { title: 'refused' },
        triggerWorkflows: value,
      });

      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(message);
      expect(await postCount()).toBe(0);
    });

    it('a parameter given twice (an array)', async () => {
      const res = await fx.memberAgent
        .post(`${fx.apiPrefix}/posts:create?triggerWorkflows=a&triggerWorkflows=b`)
        .send({ title: 'refused' });

      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/one comma-separated string/);
      expect(await postCount()).toBe(0);
    });

    it('on update too, leaving the record as it was', async () => {
      const post = await fx.app.db.getRepository('posts').create({ values: { title: 'before' } });
      const res = await fx.memberAgent.resource('posts').update({
        filterByTk: post.get('id'),
        values: { title: 'after' },
        triggerWorkflows: 'k1!nope',
      });

      expect(res.status).toBe(400);

      const reloaded = await fx.app.db.getRepository('posts').findOne({ filterByTk: post.get('id') });

      expect(reloaded.get('title')).toBe('before');
    });
  });

  it('a key that names no enabled workflow is not an error', async () => {
    const res = await fx.memberAgent.resource('posts').create({
      values: { title: 'ok' },
      triggerWorkflows: 'no-such-workflow',
    });

    expect(res.status).toBe(200);
    expect(await postCount()).toBe(1);
  });

  it('a blank value binds nothing', async () => {
    const res = await fx.memberAgent.resource('posts').create({ values: { title: 'ok' }, triggerWorkflows: ' ' });

    expect(res.status).toBe(200);
  });

  it('entries are trimmed and a repeated key fires once', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    const res = await fx.memberAgent.resource('posts').create({
      values: { title: 'once' },
      triggerWorkflows: ` ${workflow.key} , ${workflow.key}`,
    });

    expect(res.status).toBe(200);
    await waitForExecutions(fx.app, workflow, 1);
    // A second execution would have been queued together with the first one.
    await fx.memberAgent.resource('posts').create({ values: { title: 'marker' }, triggerWorkflows: workflow.key });
    const executions = await waitForExecutions(fx.app, workflow, 2);

    expect(executions.map((execution: any) => execution.context.data.title)).toEqual(['once', 'marker']);
  });

  it('key!category starts a categories workflow with the post\'s category', async () => {
    const onCategories = await createWorkflow(fx.app, { config: { collection: 'categories' } });
    const onPosts = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    // Root: a member's role would need permission to create categories through a post.
    const res = await fx.rootAgent.resource('posts').create({
      values: { title: 'with category', category: { title: 'news' } },
      triggerWorkflows: `${onCategories.key}!category,${onPosts.key}!category`,
    });

    expect(res.status).toBe(200);

    const [execution] = await waitForExecutions(fx.app, onCategories, 1);

    expect(execution.context.data).toMatchObject({ title: 'news' });
    // The posts workflow was bound to a categories record: the collection does not match.
    expect(await executionsOf(fx.app, onPosts)).toHaveLength(0);
  });

  it('key!post.category walks two to-one associations from a comment', async () => {
    const category = await fx.app.db.getRepository('categories').create({ values: { title: 'deep' } });
    const post = await fx.app.db.getRepository('posts').create({
      values: { title: 'p', categoryId: category.get('id') },
    });
    const workflow = await createWorkflow(fx.app, { config: { collection: 'categories' } });

    const res = await fx.memberAgent.resource('comments').create({
      values: { content: 'c', postId: post.get('id') },
      triggerWorkflows: `${workflow.key}!post.category`,
    });

    expect(res.status).toBe(200);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.context.data).toMatchObject({ id: category.get('id'), title: 'deep' });
  });

  it('an empty association on the path starts nothing', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'categories' } });
    const marker = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    const res = await fx.memberAgent.resource('posts').create({
      values: { title: 'no category' },
      triggerWorkflows: `${workflow.key}!category,${marker.key}`,
    });

    expect(res.status).toBe(200);
    await waitForExecutions(fx.app, marker, 1);
    expect(await executionsOf(fx.app, workflow)).toHaveLength(0);
  });
});
