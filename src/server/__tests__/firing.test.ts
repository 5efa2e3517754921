import { PostActionTrigger } from '../action-trigger';
import PluginWorkflowActionTriggerServer from '../plugin';
import {
  createWorkflow,
  executionsOf,
  waitFor,
  waitForExecutions,
  useFixture,
} from './fixture';

describe('which requests fire', () => {
  const fx = useFixture({ anotherDataSource: true });

  it('loads this package, not the built-in post-action trigger', () => {
    expect(fx.plugin).toBeInstanceOf(PluginWorkflowActionTriggerServer);
    expect(fx.workflowPlugin.triggers.get('action')).toBeInstanceOf(PostActionTrigger);
  });

  it('a local workflow fires after the response, with the saved record, user, role and action', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    const res = await fx.memberAgent.resource('posts').create({
      values: { title: 't1', secret: 's3cret' },
      triggerWorkflows: workflow.key,
    });

    expect(res.status).toBe(200);
    expect(await executionsOf(fx.app, workflow)).toHaveLength(0);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.context.data).toMatchObject({ id: res.body.data.id, title: 't1', createdById: fx.member.id });
    expect(execution.context.data.createdAt).toBeTruthy();
    expect(execution.context.data).not.toHaveProperty('secret');
    expect(execution.context.user).toMatchObject({ id: fx.member.id, nickname: 'member' });
    expect(execution.context.user).not.toHaveProperty('password');
    expect(execution.context.roleName).toBe('member');
    expect(execution.context.action).toBe('create');
  });

  it('a local workflow does not fire without its key', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const marker = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    await fx.memberAgent.resource('posts').create({ values: { title: 'unbound' } });
    await fx.memberAgent.resource('posts').create({ values: { title: 'm' }, triggerWorkflows: marker.key });
    await waitForExecutions(fx.app, marker, 1);

    expect(await executionsOf(fx.app, workflow)).toHaveLength(0);
  });

  it('update fires with the record after the change and action "update"', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const post = await fx.app.db.getRepository('posts').create({ values: { title: 'old' } });

    const res = await fx.memberAgent.resource('posts').update({
      filterByTk: post.get('id'),
      values: { title: 'new' },
      triggerWorkflows: workflow.key,
    });

    expect(res.status).toBe(200);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.context.data).toMatchObject({ id: post.get('id'), title: 'new' });
    expect(execution.context.action).toBe('update');
  });

  it('a bulk update gives one execution per updated row; an update matching nothing gives none', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const repo = fx.app.db.getRepository('posts');

    await repo.create({ values: [{ title: 'a', read: 1 }, { title: 'b', read: 1 }, { title: 'c', read: 2 }] });

    const res = await fx.rootAgent.resource('posts').update({
      filter: { read: 1 },
      values: { published: true },
      triggerWorkflows: workflow.key,
    });

    expect(res.status).toBe(200);

    const executions = await waitForExecutions(fx.app, workflow, 2);
    const titles = executions.map((execution: any) => execution.context.data.title).sort();

    expect(titles).toEqual(['a', 'b']);

    await fx.rootAgent.resource('posts').update({
      filter: { read: 99 },
      values: { published: true },
      triggerWorkflows: workflow.key,
    });
    await fx.rootAgent.resource('posts').update({ filter: { read: 2 }, values: { read: 3 }, triggerWorkflows: workflow.key });
    await waitForExecutions(fx.app, workflow, 3);

    expect(await executionsOf(fx.app, workflow)).toHaveLength(3);
  });

  it('other actions do not fire: destroy, updateOrCreate, firstOrCreate, repository writes', async () => {
    const global = await createWorkflow(fx.app, {
      config: { collection: 'posts', global: true, actions: ['create', 'update'] },
    });
    const post = await fx.app.db.getRepository('posts').create({ values: { title: 'server write' } });

    await fx.rootAgent.resource('posts').updateOrCreate({ filterKeys: ['title'], values: { title: 'uoc' } });
    await fx.rootAgent.resource('posts').firstOrCreate({ filterKeys: ['title'], values: { title: 'foc' } });
    await fx.rootAgent.resource('posts').destroy({ filterByTk: post.get('id') });
    // A create that fires proves the workflow works and gives a point after the others.
    await fx.rootAgent.resource('posts').create({ values: { title: 'last' } });

    const executions = await waitForExecutions(fx.app, global, 1);

    expect(executions.map((execution: any) => execution.context.data.title)).toEqual(['last']);
  });

  it('a failing action fires nothing', async () => {
    const global = await createWorkflow(fx.app, {
      config: { collection: 'categories', global: true, actions: ['create'] },
    });

    // categories.title is NOT NULL: the insert fails inside the action.
    const failed = await fx.rootAgent.resource('categories').create({ values: {} });
    const succeeded = await fx.rootAgent.resource('categories').create({ values: { title: 'ok' } });

    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect(succeeded.status).toBe(200);

    const executions = await waitForExecutions(fx.app, global, 1);

    expect(executions.map((execution: any) => execution.context.data.title)).toEqual(['ok']);
  });

  it('association resources fire for their target collection', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const category = await fx.app.db.getRepository('categories').create({ values: { title: 'c' } });

    const res = await fx.rootAgent
      .resource('categories.posts', category.get('id'))
      .create({ values: { title: 'through association' }, triggerWorkflows: workflow.key });

    expect(res.status).toBe(200);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.context.data).toMatchObject({ title: 'through association', categoryId: category.get('id') });
  });

  it('system collections such as users fire too', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'users' } });

    const res = await fx.rootAgent.resource('users').update({
      filterByTk: fx.member.id,
      values: { nickname: 'renamed' },
      triggerWorkflows: workflow.key,
    });

    expect(res.status).toBe(200);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.context.data).toMatchObject({ id: fx.member.id, nickname: 'renamed' });
    expect(execution.context.data).not.toHaveProperty('password');
  });

  describe('global mode', () => {
    it('fires on its configured actions only, bound or not, and once when also bound', async () => {
      const onCreate = await createWorkflow(fx.app, {
        config: { collection: 'posts', global: true, actions: ['create'] },
      });

      await fx.memberAgent.resource('posts').create({ values: { title: 'g1' } });
      await fx.memberAgent.resource('posts').create({ values: { title: 'g2' }, triggerWorkflows: onCreate.key });
      await fx.app.db.getRepository('posts').create({ values: { title: 'server' } });

      const post = await fx.app.db.getRepository('posts').findOne({ filter: { title: 'g1' } });

      await fx.memberAgent.resource('posts').update({
        filterByTk: post.get('id'),
        values: { title: 'g1-updated' },
        triggerWorkflows: onCreate.key,
      });
      await fx.memberAgent.resource('posts').create({ values: { title: 'g3' } });

      const executions = await waitForExecutions(fx.app, onCreate, 3);

      expect(executions.map((execution: any) => execution.context.data.title).sort()).toEqual(['g1', 'g2', 'g3']);
    });

    it('global workflows fire by ascending id, after local ones in parameter order', async () => {
      const order: string[] = [];
      const spy = fx.workflowPlugin.trigger.bind(fx.workflowPlugin);
      const globals = [];

      for (let i = 0; i < 3; i++) {
        globals.push(
          await createWorkflow(fx.app, {
            title: `global ${i}`,
            config: { collection: 'posts', global: true, actions: ['create'] },
          }),
        );
      }

      const localA = await createWorkflow(fx.app, { title: 'local a', config: { collection: 'posts' } });
      const localB = await createWorkflow(fx.app, { title: 'local b', config: { collection: 'posts' } });

      // Re-enabling the first global puts it last in the engine's cache; its order must not change.
      await globals[0].update({ enabled: false });
      await globals[0].update({ enabled: true });

      fx.workflowPlugin.trigger = ((workflow: any, context: any, options: any) => {
        order.push(workflow.title);
        return spy(workflow, context, options);
      }) as never;

      try {
        await fx.memberAgent.resource('posts').create({
          values: { title: 'ordered' },
          triggerWorkflows: `${localB.key},${localA.key}`,
        });
        await waitFor(() => order.length === 5, 5000, 'five workflows started');
      } finally {
        fx.workflowPlugin.trigger = spy as never;
      }

      expect(order).toEqual(['local b', 'local a', 'global 0', 'global 1', 'global 2']);

      for (const workflow of [...globals, localA, localB]) {
        await waitForExecutions(fx.app, workflow, 1);
      }
    });
  });

  describe('data sources', () => {
    it('a workflow on another:posts fires only for requests to data source another', async () => {
      const another = await createWorkflow(fx.app, { config: { collection: 'another:posts' } });
      const main = await createWorkflow(fx.app, { config: { collection: 'posts' } });
      const keys = `${another.key},${main.key}`;

      const toMain = await fx.rootAgent.resource('posts').create({ values: { title: 'main' }, triggerWorkflows: keys });
      const toAnother = await fx.rootAgent
        .post(`${fx.apiPrefix}/posts:create?triggerWorkflows=${keys}`)
        .set('X-Data-Source', 'another')
        .send({ title: 'another' });

      expect(toMain.status).toBe(200);
      expect(toAnother.status).toBe(200);

      const [onAnother] = await waitForExecutions(fx.app, another, 1);
      const [onMain] = await waitForExecutions(fx.app, main, 1);

      expect(onAnother.context.data.title).toBe('another');
      expect(onMain.context.data.title).toBe('main');
      expect(await executionsOf(fx.app, another)).toHaveLength(1);
      expect(await executionsOf(fx.app, main)).toHaveLength(1);
    });
  });

  describe('the index of enabled workflows', () => {
    it('follows disabling, revisions and deletion', async () => {
      const v1 = await createWorkflow(fx.app, { title: 'v1', config: { collection: 'posts' } });
      const fire = (title: string) =>
        fx.rootAgent.resource('posts').create({ values: { title }, triggerWorkflows: v1.key });

      await fire('while v1');
      await waitForExecutions(fx.app, v1, 1);

      const revision = await fx.rootAgent.resource('workflows').revision({
        filterByTk: v1.id,
        filter: { key: v1.key },
      });

      expect(revision.status).toBe(200);

      const v2Id = revision.body.data.id;
      const enabled = await fx.rootAgent.resource('workflows').update({ filterByTk: v2Id, values: { enabled: true } });

      expect(enabled.status).toBe(200);
      await fire('while v2');
      await waitForExecutions(fx.app, { id: v2Id }, 1);
      expect(await executionsOf(fx.app, v1)).toHaveLength(1);

      await fx.rootAgent.resource('workflows').update({ filterByTk: v2Id, values: { enabled: false } });
      await fire('while disabled');

      await fx.rootAgent.resource('workflows').update({ filterByTk: v2Id, values: { enabled: true } });
      await fx.rootAgent.resource('workflows').destroy({ filterByTk: v2Id });
      await fire('after deletion');

      const marker = await createWorkflow(fx.app, { config: { collection: 'posts' } });

      await fx.rootAgent.resource('posts').create({ values: { title: 'marker' }, triggerWorkflows: marker.key });
      await waitForExecutions(fx.app, marker, 1);

      expect(fx.plugin.index.findByKey(v1.key)).toBeUndefined();
      expect(await executionsOf(fx.app, v1)).toHaveLength(1);
    });

    it('a request never scans the engine\'s list of all enabled workflows', async () => {
      for (let i = 0; i < 20; i++) {
        await createWorkflow(fx.app, { config: { collection: 'comments', global: true, actions: ['create'] } });
      }

      const workflow = await createWorkflow(fx.app, { config: { collection: 'posts', global: true, actions: ['create'] } });
      const cache = fx.workflowPlugin.enabledCache;
      let reads = 0;

      // Count every read of the engine's cache while one request runs.
      fx.workflowPlugin.enabledCache = new Proxy(cache, {
        get(target, property, receiver) {
          reads += 1;
          const value = Reflect.get(target, property, receiver);

          return typeof value === 'function' ? value.bind(target) : value;
        },
      });

      try {
        const res = await fx.rootAgent.resource('posts').create({ values: { title: 'indexed' } });

        expect(res.status).toBe(200);
      } finally {
        fx.workflowPlugin.enabledCache = cache;
      }

      await waitForExecutions(fx.app, workflow, 1);
      expect(reads).toBe(0);
    });
  });
});
