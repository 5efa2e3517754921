import { createFixture, createWorkflow, executionsOf, waitForExecutions, type Fixture } from './fixture';

it('probe', async () => {
  const fx: Fixture = await createFixture();
  try {
    const wf = await createWorkflow(fx.app, { config: { collection: 'posts' } });
    const model = fx.workflowPlugin.enabledCache.get(wf.id)!;
    const attrs = Object.keys((fx.app.db.getModel('executions') as any).rawAttributes);
    console.log('ATTRS', attrs);
    fx.workflowPlugin.trigger(model as never, { data: { id: 1 } }, { eventKey: 'abc-1' });
    fx.workflowPlugin.trigger(model as never, { data: { id: 1 } }, { eventKey: 'abc-1' });
    const ex = await waitForExecutions(fx.app, wf, 1);
    console.log('EX', JSON.stringify(ex.map((e: any) => e.toJSON())));
    fx.workflowPlugin.trigger(model as never, { data: { id: 1 } }, { eventKey: 'abc-1' });
    await new Promise((r) => setTimeout(r, 1500));
    console.log('EX2', (await executionsOf(fx.app, wf)).length);
    const indexes = await fx.app.db.sequelize.getQueryInterface().showIndex('executions');
    console.log('IDX', JSON.stringify(indexes));
  } finally {
    await fx.app.destroy();
  }
});
