#!/usr/bin/env node
/**
 * Kill test: 200 concurrent creates, each firing an async workflow, against a real app
 * process; `kill -9` at a chosen moment; restart; then every create that got a 2xx must
 * have exactly one execution, and no record may have two.
 *
 *   node scripts/faults/kill.js [--db sqlite,postgres] [--requests 200] [--points early,mid,acked,graceful]
 *
 * Kill points: `early` and `mid` kill after a random number of acknowledged responses (in
 * the first and second third of the batch); `acked` kills right after the last response,
 * while the async events wait for their delivery: the moment an in-memory dispatcher loses
 * them all; `graceful` stops the app with SIGINT after a random number of answers in the
 * second half, which must leave nothing in memory only. Exits 1 when a record is lost or doubled.
 */
const {
  log,
  buildServer,
  startScenarioApp,
  setUpCollection,
  createWorkflow,
  openDatabase,
  executionsByRecord,
  tally,
  waitUntil,
  post,
} = require('./lib');

const RECOVERY_TIMEOUT_MS = 90_000;

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);

  return index > 0 ? process.argv[index + 1] : fallback;
}

const randomBetween = (low, high) => low + Math.floor(Math.random() * (high - low + 1));

function killAfter(point, requests) {
  if (point === 'early') return randomBetween(1, Math.floor(requests / 3));
  if (point === 'mid') return randomBetween(Math.floor(requests / 3), Math.floor((2 * requests) / 3));
  if (point === 'graceful') return randomBetween(Math.floor(requests / 2), requests);
  return requests;
}

/**
 * Fires `requests` creates at once; kills the app after `killAt` 2xx answers, with
 * SIGKILL, or for `graceful` stops it (SIGINT, waiting for it to exit) instead.
 */
async function burst({ app, token, workflow, round, requests, killAt, graceful }) {
  let acknowledged = 0;
  let answered = 0;
  let killedAt = null;
  let stopping = null;
  const ids = [];
  const end = () => (graceful ? (stopping = app.stop()) : app.kill('SIGKILL'));

  const one = async (i) => {
    const res = await post(app.baseUrl, `/api/faultPosts:create?triggerWorkflows=${workflow.key}`, {
      token,
      body: { title: `${round}-${i}` },
    });

    answered++;

    // Every 2xx counts, also one that arrives after the kill was sent: the server answered.
    if (res.status >= 200 && res.status < 300) {
      ids.push(res.body.data.id);
      acknowledged++;
    }

    // The last answer ends it too, so that `acked` kills at once even if some request failed.
    if (killedAt === null && (acknowledged >= killAt || answered === requests)) {
      killedAt = acknowledged;
      end();
    }

    return res.status;
  };

  const statuses = await Promise.all(Array.from({ length: requests }, (_, i) => one(i)));

  await stopping;

  // A killed process group dies asynchronously; the restart needs its port.
  await waitUntil(async () => (await fetch(`${app.baseUrl}/api/__health_check`).catch(() => null)) === null, 15_000, 100);

  return { ids, statuses, killedAt };
}

async function countStranded(appEnv) {
  const db = await openDatabase(appEnv);

  try {
    const [row] = await db.query(
      `SELECT COUNT(*) AS "count" FROM "postActionEvents" o WHERE o."status" = 'pending'
        AND NOT EXISTS (SELECT 1 FROM "executions" e WHERE e."eventKey" = o."eventKey")`,
    );

    return Number(row.count);
  } finally {
    await db.close();
  }
}

async function runDatabase(dialect, { requests, points }) {
  const results = [];
  const { app: first, restart, cleanUp } = await startScenarioApp({ dialect, name: `kill_${dialect}`, port: 13710 });
  let app = first;
  const token = await app.signIn();
  const api = await setUpCollection(app.baseUrl, token);
  const workflow = await createWorkflow(api, { collection: 'faultPosts' });

  try {
    for (const [index, point] of points.entries()) {
      const round = `${dialect}-${index}-${point}`;
      const killAt = killAfter(point, requests);
      const sessionToken = await app.signIn();
      const started = Date.now();
      const graceful = point === 'graceful';
      const { ids, statuses, killedAt } = await burst({
        app,
        token: sessionToken,
        workflow,
        round,
        requests,
        killAt,
        graceful,
      });

      log(`${round}: stopped at ack ${killedAt ?? 'end'}; ${ids.length} of ${requests} acknowledged (${Date.now() - started} ms)`);

      // What the dead process left: events written, acknowledged, and not yet executed. An
      // in-memory dispatcher would have lost exactly these.
      const stranded = await countStranded(first.env);

      app = await restart();

      const db = await openDatabase(app.env);
      const recovered = await waitUntil(async () => {
        const { byRecord } = await executionsByRecord(db, workflow.id);

        return tally(ids, byRecord).lost.length === 0;
      }, RECOVERY_TIMEOUT_MS);
      const { byRecord, total } = await executionsByRecord(db, workflow.id);
      const { lost, doubled } = tally(ids, byRecord);
      const roundIds = new Set(ids.map(String));
      const found = [...byRecord.keys()].filter((id) => roundIds.has(id)).length;

      await db.close();
      results.push({
        database: dialect,
        fault: `${graceful ? 'graceful stop' : 'kill -9'} (${point}, at ack ${killedAt ?? 'end'})`,
        sent: requests,
        acknowledged: ids.length,
        failed: statuses.filter((status) => status === 0 || status >= 500).length,
        strandedAtKill: stranded,
        executionsFound: found,
        executionsTotal: total,
        lost: lost.length,
        doubled: doubled.length,
        recovered,
      });
      log(`${round}: ${JSON.stringify(results[results.length - 1])}`);
    }
  } finally {
    await app.stop();
  }

  cleanUp(results.length === points.length && results.every((r) => !r.lost && !r.doubled && r.recovered));

  return results;
}

async function main() {
  const databases = option('db', 'sqlite,postgres').split(',');
  const requests = Number(option('requests', '200'));
  const points = option('points', 'early,mid,acked,graceful').split(',');

  if (!process.argv.includes('--no-build')) {
    buildServer();
  }

  const results = [];

  for (const dialect of databases) {
    results.push(...(await runDatabase(dialect, { requests, points })));
  }

  console.table(results);

  const bad = results.filter((result) => result.lost || result.doubled || !result.recovered);

  process.exit(bad.length ? 1 : 0);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { runDatabase };
