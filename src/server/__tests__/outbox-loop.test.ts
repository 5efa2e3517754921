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

  it('stops after the loop limit, and the refused event is kept as throttled', async () => {
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

    const [throttled] = await waitFor(
      async () => {
        const rows = await fx.app.db.getRepository(OUTBOX_COLLECTION).find({
          filter: { status: OUTBOX_STATUS.THROTTLED },
        });

        return rows.length ? rows : null;
      },
      30_000,
      'an event refused by the loop guard',
    );

    expect(throttled.get('workflowKey')).toBe(workflow.key);

    const executions = await waitFor(
      async () => {
        const all = await executionsOf(fx.app, workflow);

        return all.every((execution: any) => execution.status !== null && execution.status !== 0) ? all : null;
      },
      10_000,
      'every execution to finish',
    );

    expect(executions).toHaveLength(LOOP_LIMIT);
    // The first post, then one per execution; the last one's event was refused.
    expect(await fx.app.db.getRepository('posts').count()).toBe(LOOP_LIMIT + 1);
    expect(await fx.app.db.getRepository(OUTBOX_COLLECTION).count()).toBe(1);
  });
});
