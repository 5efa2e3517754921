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

    const create = (title: string) =>
      fx.rootAgent.resource('posts').create({ values: { title }, triggerWorkflows: `${sync.key},${async.key}` });

    // One request after another: each one's sync workflow writes while the previous
    // request's async workflow is being started, which is where SQLITE_BUSY bit; then a burst.
    for (let i = 0; i < 6; i++) {
      expect((await create(`f${i}`)).status).toBe(200);
    }

    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => create(`b${i}`)));

    expect(burst.map((res) => res.status)).toEqual(Array(6).fill(200));

    const executions = await waitFor(
      async () => {
        const all = await executionsOf(fx.app, async);

        return all.length === 12 && all.every((execution: any) => execution.status === EXECUTION_STATUS.RESOLVED)
          ? all
          : null;
      },
      30_000,
      '12 resolved async executions',
    );

    expect(executions).toHaveLength(12);
    expect(await executionsOf(fx.app, sync)).toHaveLength(12);
    await waitFor(async () => (await fx.app.db.getRepository(OUTBOX_COLLECTION).count()) === 0, 10_000, 'an empty outbox');
  });
});
