import {
  useFixture,
} from './fixture';

describe('workflow config', () => {
  const fx = useFixture({ anotherDataSource: true });

  const save = (config: unknown) =>
    fx.rootAgent.resource('workflows').create({ values: { title: 'w', type: 'action', config } });

  describe('is refused with 400 and a message naming the field', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['no collection', {}, /"collection" is required/],
      ['an unknown collection', { collection: 'nope' }, /collection "nope" does not exist in data source "main"/],
      ['an unknown data source', { collection: 'elsewhere:posts' }, /data source "elsewhere" does not exist/],
      ['global mode without actions', { collection: 'posts', global: true }, /global mode needs at least one action/],
      ['global mode with no action', { collection: 'posts', global: true, actions: [] }, /at least one action/],
      ['an action that is not create or update', { collection: 'posts', global: true, actions: ['destroy'] }, /"actions"/],
      ['an append that is not an association', { collection: 'posts', appends: ['title'] }, /append "title"/],
      ['an append with an unknown segment', { collection: 'posts', appends: ['category.nope'] }, /"nope" is not an association of collection "categories"/],
    ];

    it.each(cases)('%s', async (_label, config, message) => {
      const res = await save(config);

      expect(res.status).toBe(400);
      expect(res.body.errors.map((error: { message: string }) => error.message).join(' ')).toMatch(message);
      expect(await fx.app.db.getRepository('workflows').count()).toBe(0);
    });
  });

  it('accepts a full config, with appends through to-many associations', async () => {
    const res = await save({
      collection: 'posts',
      global: true,
      actions: ['create', 'update'],
      appends: ['category', 'tags', 'comments', 'category.posts', 'createdBy'],
    });

    expect(res.status).toBe(200);
  });

  it('accepts a collection of another data source', async () => {
    const res = await save({ collection: 'another:posts' });

    expect(res.status).toBe(200);
    expect(res.body.data.config.collection).toBe('another:posts');
  });

  it('stores main:posts as posts, so that requests match it', async () => {
    const res = await save({ collection: 'main:posts' });

    expect(res.status).toBe(200);

    const stored = await fx.app.db.getRepository('workflows').findOne({ filterByTk: res.body.data.id });

    expect(stored.get('config').collection).toBe('posts');
  });

  it('validates on update too', async () => {
    const created = await save({ collection: 'posts' });
    const res = await fx.rootAgent.resource('workflows').update({
      filterByTk: created.body.data.id,
      values: { config: { collection: 'posts', global: true } },
    });

    expect(res.status).toBe(400);
  });
});
