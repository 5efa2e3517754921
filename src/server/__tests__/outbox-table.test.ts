import { OUTBOX_COLLECTION } from '../outbox';
import { createWorkflow, useFixture, waitForExecutions } from './fixture';

describe('the outbox table', () => {
  const fx = useFixture();

  it('is created at start when missing, as after replacing the built-in plugin in place', async () => {
    const collection = fx.app.db.getCollection(OUTBOX_COLLECTION);

    await collection.model.drop();
    expect(await collection.existsInDb()).toBe(false);

    // What the app runs on every start (a real stop would close the in-memory database).
    await fx.app.emitAsync('beforeStart', fx.app, {});

    expect(await collection.existsInDb()).toBe(true);

    const workflow = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const res = await fx.memberAgent.resource('posts').create({ values: { title: 'x' }, triggerWorkflows: workflow.key });

    expect(res.status).toBe(200);
    await waitForExecutions(fx.app, workflow, 1);
  });
});
