import { PostActionTrigger } from '../action-trigger';
import PluginWorkflowActionTriggerServer from '../plugin';
import { createFixture, createWorkflow, executionsOf, resetData, waitForExecutions, type Fixture } from './fixture';

describe('which requests fire', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await createFixture();
  });

  afterAll(async () => {
    await fx?.app.destroy();
  });

  afterEach(async () => {
    await resetData(fx.app);
  });

  it('a local workflow fires when its key is passed, with the saved record, user and role', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    const res = await fx.memberAgent.resource('posts').create({
      values: { title: 't1' },
      triggerWorkflows: workflow.key,
    });

    expect(res.status).toBe(200);
    expect(await executionsOf(fx.app, workflow)).toHaveLength(0);

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.context.data).toMatchObject({ id: res.body.data.id, title: 't1', createdById: fx.member.id });
    expect(execution.context.data.createdAt).toBeTruthy();
    expect(execution.context.user).toMatchObject({ id: fx.member.id });
    expect(execution.context.user.password).toBeUndefined();
    expect(execution.context.roleName).toBe('member');
    expect(execution.context.action).toBe('create');
  });
});

describe('the fixture', () => {
  it('loads this package, not the built-in post-action trigger', async () => {
    const fx = await createFixture();

    try {
      const triggers = fx.workflowPlugin.triggers.get('action');

      expect(fx.plugin).toBeInstanceOf(PluginWorkflowActionTriggerServer);
      expect(triggers).toBeInstanceOf(PostActionTrigger);
    } finally {
      await fx.app.destroy();
    }
  });
});
