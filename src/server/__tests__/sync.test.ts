import { DEFAULT_INTERCEPT_MESSAGE } from '../sync-runner';
import {
  EXECUTION_STATUS,
  createWorkflow,
  executionsOf,
  waitForExecutions,
  type NodeSpec,
  createFixture,
  type Fixture,
  useFixture,
} from './fixture';

const endWith = (status: 'success' | 'failure'): NodeSpec => ({
  type: 'end',
  config: { endStatus: status === 'success' ? EXECUTION_STATUS.RESOLVED : EXECUTION_STATUS.FAILED },
});

const message = (text: string): NodeSpec => ({ type: 'response-message', config: { message: text } });

describe('sync workflows', () => {
  const fx = useFixture();

  const sync = (nodes: NodeSpec[], title = 'sync') =>
    createWorkflow(fx.app, { title, sync: true, config: { collection: 'posts' }, nodes });

  const create = (keys: string[]) =>
    fx.memberAgent.resource('posts').create({ values: { title: 'sync post' }, triggerWorkflows: keys.join(',') });

  it('run before the response: the execution exists and is resolved when it arrives', async () => {
    const workflow = await sync([message('saved, thanks')]);

    const res = await create([workflow.key]);

    expect(res.status).toBe(200);
    expect(res.body.data.title).toBe('sync post');
    expect(res.body.messages).toEqual([{ message: 'saved, thanks' }]);

    const executions = await executionsOf(fx.app, workflow);

    expect(executions).toHaveLength(1);
    expect(executions[0].status).toBe(EXECUTION_STATUS.RESOLVED);
    expect(executions[0].context.action).toBe('create');
  });

  it('an End node with success stops the chain: later sync and all async events are dropped', async () => {
    const first = await sync([endWith('success')], 'first');
    const second = await sync([], 'second');
    const background = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const marker = await createWorkflow(fx.app, { config: { collection: 'comments' } });

    const res = await create([first.key, second.key, background.key]);

    expect(res.status).toBe(200);
    expect(res.body.data.title).toBe('sync post');

    await fx.memberAgent.resource('comments').create({ values: { content: 'm' }, triggerWorkflows: marker.key });
    await waitForExecutions(fx.app, marker, 1);

    expect(await executionsOf(fx.app, first)).toHaveLength(1);
    expect(await executionsOf(fx.app, second)).toHaveLength(0);
    expect(await executionsOf(fx.app, background)).toHaveLength(0);
  });

  it('an End node with failure answers 400 with the response messages, and stops everything', async () => {
    const guard = await sync([message('amount is too high'), message('ask a manager'), endWith('failure')]);
    const later = await sync([], 'later');
    const background = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    const res = await create([guard.key, later.key, background.key]);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'amount is too high' }, { message: 'ask a manager' }] });
    expect(await executionsOf(fx.app, later)).toHaveLength(0);
    expect(await executionsOf(fx.app, background)).toHaveLength(0);
  });

  it('an End-node failure without messages still says something', async () => {
    const guard = await sync([endWith('failure')]);

    const res = await create([guard.key]);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: DEFAULT_INTERCEPT_MESSAGE }]);
  });

  it('a failure elsewhere answers 500 and stops the chain', async () => {
    const broken = await sync([{ type: 'test-error' }], 'broken');
    const later = await sync([], 'later');

    const res = await create([broken.key, later.key]);

    expect(res.status).toBe(500);
    expect(res.body.errors[0].message).toMatch(/"broken" failed/);
    expect(await executionsOf(fx.app, later)).toHaveLength(0);
  });

  it('a workflow left pending answers 500 saying it hangs', async () => {
    const waiting = await sync([{ type: 'test-wait' }], 'waiting');

    const res = await create([waiting.key]);

    expect(res.status).toBe(500);
    expect(res.body.errors[0].message).toMatch(/"waiting" hangs/);

    // Nothing will resume it: end it so that the next test starts clean.
    const [execution] = await executionsOf(fx.app, waiting);

    await execution.update({ status: EXECUTION_STATUS.ABORTED });
  });

  it('resolved sync workflows run in order, then async ones start after the response', async () => {
    const first = await sync([message('one')], 'first');
    const second = await sync([message('two')], 'second');
    const background = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    const res = await create([second.key, background.key, first.key]);

    expect(res.status).toBe(200);
    expect(res.body.messages).toEqual([{ message: 'two' }, { message: 'one' }]);
    await waitForExecutions(fx.app, background, 1);
  });

  it('a global sync workflow can reject a create it is configured for', async () => {
    await createWorkflow(fx.app, {
      sync: true,
      config: { collection: 'posts', global: true, actions: ['create'] },
      nodes: [message('global says no'), endWith('failure')],
    });

    const res = await fx.memberAgent.resource('posts').create({ values: { title: 'x' } });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'global says no' }]);
  });
});

describe('without the error-handler plugin', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await createFixture({ errorHandler: false });
  });

  afterAll(async () => {
    await fx?.app.destroy();
  });

  it('an End-node interception answers the same 400 body', async () => {
    const guard = await createWorkflow(fx.app, {
      sync: true,
      config: { collection: 'posts' },
      nodes: [message('blocked'), endWith('failure')],
    });

    const res = await fx.memberAgent.resource('posts').create({ values: { title: 'x' }, triggerWorkflows: guard.key });

    expect(fx.app.pm.get('error-handler')).toBeFalsy();
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'blocked' }] });
  });

  it('a malformed triggerWorkflows answers the same 400 body', async () => {
    const res = await fx.memberAgent.resource('posts').create({ values: { title: 'x' }, triggerWorkflows: 'k!nope' });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/"nope" is not a field/);
  });
});
