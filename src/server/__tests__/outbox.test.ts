import { EventEmitter } from 'events';
import { EVENT_KEY_PREFIX, OUTBOX_COLLECTION, OUTBOX_STATUS, type OutboxDispatcher } from '../outbox';
import { createWorkflow, executionsOf, useFixture, waitFor, waitForExecutions } from './fixture';

/** A response that has not gone out yet: the dispatcher must wait for it. */
class PendingResponse extends EventEmitter {
  writableFinished = false;
  destroyed = false;
}

describe('the async outbox', () => {
  const fx = useFixture();
  let outbox: OutboxDispatcher;

  const rows = (): Promise<any[]> => fx.app.db.getRepository(OUTBOX_COLLECTION).find({ sort: ['id'] });

  const eventFor = (workflow: { id: number }, title: string) => ({
    workflow: fx.workflowPlugin.enabledCache.get(workflow.id) as never,
    context: { data: { title }, user: null, roleName: null, action: 'create' as const },
  });

  beforeAll(() => {
    outbox = fx.plugin.dispatcher!;
  });

  it('writes the event before the response and deletes it once the execution exists', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    const res = await fx.memberAgent.resource('posts').create({ values: { title: 'o1' }, triggerWorkflows: workflow.key });

    expect(res.status).toBe(200);
    expect(await executionsOf(fx.app, workflow)).toHaveLength(0);

    const [row] = await rows();

    expect(row.get()).toMatchObject({
      workflowKey: workflow.key,
      dataSource: 'main',
      collection: 'posts',
      action: 'create',
      status: OUTBOX_STATUS.PENDING,
    });
    expect(String(row.get('workflowId'))).toBe(String(workflow.id));
    expect(row.get('context').data).toMatchObject({ id: res.body.data.id, title: 'o1' });

    const [execution] = await waitForExecutions(fx.app, workflow, 1);

    expect(execution.eventKey).toBe(row.get('eventKey'));
    expect(execution.eventKey.startsWith(EVENT_KEY_PREFIX)).toBe(true);
    await waitFor(async () => (await rows()).length === 0, 10_000, 'the outbox row to be deleted');
  });

  it('a row delivered again, even at once and twice, makes one execution', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const response = new PendingResponse();

    await outbox.dispatch([eventFor(workflow, 'lost')], response);

    const [row] = await rows();

    // As after a crash: the row is there, its delivery never happened; sweeps run concurrently.
    await Promise.all([outbox.sweep(0), outbox.sweep(0)]);
    response.emit('finish');
    await waitForExecutions(fx.app, workflow, 1);
    await outbox.sweep(0);
    await waitFor(async () => (await rows()).length === 0, 10_000, 'the outbox row to be deleted');

    const executions = await executionsOf(fx.app, workflow);

    expect(executions).toHaveLength(1);
    expect(executions[0].eventKey).toBe(row.get('eventKey'));
  });

  it('a row whose execution already exists is deleted by the sweep, not delivered again', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });

    await outbox.dispatch([eventFor(workflow, 'twice')], new PendingResponse());

    const [row] = await rows();

    await fx.workflowPlugin.trigger(workflow as never, { data: {} }, { eventKey: row.get('eventKey') });
    await waitForExecutions(fx.app, workflow, 1);
    // Put the row back as if the deletion after the execution had been lost.
    await fx.app.db.getRepository(OUTBOX_COLLECTION).create({ values: { ...row.get(), id: undefined } });
    await outbox.sweep(0);

    expect(await rows()).toHaveLength(0);
    expect(await executionsOf(fx.app, workflow)).toHaveLength(1);
  });

  it('an event waiting for its response when the app stops stays in the outbox', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const response = new PendingResponse();

    await outbox.dispatch([eventFor(workflow, 'stopping')], response);
    await outbox.close();
    response.emit('finish');

    try {
      expect((await rows()).map((row) => row.get('status'))).toEqual([OUTBOX_STATUS.PENDING]);
      expect(await executionsOf(fx.app, workflow)).toHaveLength(0);
    } finally {
      outbox.start();
    }

    // The start's own sweep keeps the grace period; a sweep without one delivers it now.
    await outbox.sweep(0);
    await waitForExecutions(fx.app, workflow, 1);
  });

  it('rows of disabled and deleted workflows are marked and kept, not delivered', async () => {
    const disabled = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const deleted = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const response = new PendingResponse();

    await outbox.dispatch([eventFor(disabled, 'd1'), eventFor(deleted, 'd2')], response);
    await disabled.update({ enabled: false });
    await fx.app.db.getRepository('workflows').destroy({ filterByTk: deleted.id });
    response.emit('finish');

    const marked = await waitFor(
      async () => {
        const all = await rows();

        return all.every((row) => row.get('status') !== OUTBOX_STATUS.PENDING) ? all : null;
      },
      10_000,
      'both rows to be marked',
    );

    const statusOf = (workflow: { id: number }) =>
      marked.find((row) => String(row.get('workflowId')) === String(workflow.id))?.get('status');

    expect(statusOf(disabled)).toBe(OUTBOX_STATUS.WORKFLOW_DISABLED);
    expect(statusOf(deleted)).toBe(OUTBOX_STATUS.WORKFLOW_DELETED);
    await outbox.sweep(0);
    expect(await fx.app.db.getRepository('executions').count()).toBe(0);
    expect(await rows()).toHaveLength(2);
  });

  it('a client that disconnects before reading the response still gets its workflow run once', async () => {
    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const response = new PendingResponse();

    await outbox.dispatch([eventFor(workflow, 'aborted')], response);
    response.destroyed = true;
    response.emit('close');

    await waitForExecutions(fx.app, workflow, 1);
    await outbox.sweep(0);
    expect(await executionsOf(fx.app, workflow)).toHaveLength(1);
  });
});
