import fs from 'fs';
import os from 'os';
import path from 'path';
import { OUTBOX_COLLECTION } from '../outbox';
import { EXECUTION_STATUS, createFixture, createWorkflow, executionsOf, waitFor, type Fixture } from './fixture';

// A file database has one writer at a time across connections; in memory it does not,
// so this suite sets its own DB_STORAGE. It is about SQLite only.
const describeOnSqlite = (process.env.DB_DIALECT ?? 'sqlite') === 'sqlite' ? describe : describe.skip;

describeOnSqlite('async delivery with a file SQLite database', () => {
  let fx: Fixture;
  let folder: string;
  const previousStorage = process.env.DB_STORAGE;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-sqlite-'));
    process.env.DB_STORAGE = path.join(folder, 'db.sqlite');
    fx = await createFixture();
  });

  afterAll(async () => {
    await fx?.app.destroy();
    process.env.DB_STORAGE = previousStorage;
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('runs on a file', () => {
    expect(fs.statSync(process.env.DB_STORAGE!).size).toBeGreaterThan(0);
  });

  it('requests firing a sync and an async workflow leave no async execution queueing', async () => {
    const writeComment = [{ type: 'create', config: { collection: 'comments', params: { values: { content: 'x' } } } }];
    const sync = await createWorkflow(fx.app, { sync: true, config: { collection: 'posts' }, nodes: writeComment });
    const async = await createWorkflow(fx.app, { config: { collection: 'posts' }, nodes: writeComment });

    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fx.rootAgent.resource('posts').create({ values: { title: `f${i}` }, triggerWorkflows: `${sync.key},${async.key}` }),
      ),
    );
    const acknowledged = responses.filter((res) => res.status === 200).length;
    console.log("DBG", sync.id, sync.get("sync"), async.id, async.get("sync"), responses.map((r) => r.status + JSON.stringify(r.body).slice(0, 200)));
    console.log("DBG2", JSON.stringify((await fx.app.db.getRepository("executions").find()).map((e: any) => [e.workflowId, e.eventKey, e.status])));

    expect(acknowledged).toBeGreaterThan(0);

    const finished = await waitFor(
      async () => {
        const executions = await executionsOf(fx.app, async);
        const done = executions.filter((execution: any) => execution.status === EXECUTION_STATUS.RESOLVED);

        return done.length >= acknowledged ? executions : null;
      },
      30_000,
      `${acknowledged} resolved async executions`,
    );

    expect(finished).toHaveLength(acknowledged);
    expect(await executionsOf(fx.app, sync)).toHaveLength(acknowledged);
    await waitFor(async () => (await fx.app.db.getRepository(OUTBOX_COLLECTION).count()) === 0, 10_000, 'an empty outbox');
  });
});
