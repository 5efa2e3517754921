import http from 'http';
import type { AddressInfo } from 'net';
import RequestInstruction from '@nocobase/plugin-workflow-request/dist/server/RequestInstruction';
import { OUTBOX_COLLECTION, OUTBOX_STATUS } from '../outbox';
import { createFixture, createWorkflow, executionsOf, waitFor, type Fixture } from './fixture';

// The loop guard's limit is read when the app loads; a small one keeps the loop short.
const LOOP_LIMIT = 5;

describe('a workflow that creates records of its own collection over the HTTP API', () => {
  let fx: Fixture;
  let server: http.Server;
  let baseUrl: string;
  const previousLimit = process.env.WORKFLOW_ACTION_TRIGGER_LOOP_LIMIT;

  beforeAll(async () => {
    process.env.WORKFLOW_ACTION_TRIGGER_LOOP_LIMIT = String(LOOP_LIMIT);
    fx = await createFixture();
    fx.workflowPlugin.registerInstruction('request', RequestInstruction as never);
    // The request node calls the app as any client would: over a socket, without a session.
    fx.app.acl.allow('posts', 'create', 'public');
    server = http.createServer(fx.app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await fx?.app.destroy();
    process.env.WORKFLOW_ACTION_TRIGGER_LOOP_LIMIT = previousLimit;
  });

  it('starts at most the limit within the window; the next event waits in the outbox, not dropped', async () => {
    const workflow = await createWorkflow(fx.app, {
      config: { collection: 'posts', global: true, actions: ['create'] },
      nodes: [
        {
          type: 'request',
          config: {
            url: `${baseUrl}/posts:create`,
            method: 'POST',
            contentType: 'application/json',
            data: { title: 'created by the workflow' },
            timeout: 5_000,
          },
        },
      ],
    });

    const res = await fx.rootAgent.resource('posts').create({ values: { title: 'first' } });

    expect(res.status).toBe(200);

    const [deferred] = await waitFor(
      async () => {
        const rows = await fx.app.db.getRepository(OUTBOX_COLLECTION).find({
          filter: { workflowKey: workflow.key, status: OUTBOX_STATUS.PENDING },
        });
        const executions = await executionsOf(fx.app, workflow);

        return executions.length >= LOOP_LIMIT && rows.length ? rows : null;
      },
      30_000,
      'an event held back by the loop guard',
    );

    expect(deferred.get('attempts')).toBe(0);

    const executions = await waitFor(
      async () => {
        const all = await executionsOf(fx.app, workflow);

        return all.every((execution: any) => execution.status !== null && execution.status !== 0) ? all : null;
      },
      10_000,
      'every execution to finish',
    );

    expect(executions).toHaveLength(LOOP_LIMIT);
    // The first post, then one per execution; the last one's event is held back.
    expect(await fx.app.db.getRepository('posts').count()).toBe(LOOP_LIMIT + 1);

    // A sweep inside the window delivers nothing and counts no attempt: the row waits.
    await fx.plugin.dispatcher!.sweep(0);

    const [still] = await fx.app.db.getRepository(OUTBOX_COLLECTION).find();

    expect(still.get('eventKey')).toBe(deferred.get('eventKey'));
    expect(still.get('status')).toBe(OUTBOX_STATUS.PENDING);
    expect(still.get('attempts')).toBe(0);
    expect(await executionsOf(fx.app, workflow)).toHaveLength(LOOP_LIMIT);
  });
});
