#!/usr/bin/env node
/**
 * Client aborts and fuzzing against one real app process.
 *
 *   node scripts/faults/requests.js [--db sqlite|postgres] [--aborts 100] [--fuzz 10000] [--concurrency 16]
 *     [--disable-plugins workflow-request-interceptor]
 *
 * Abort: each create's client goes away before reading the response (right after sending,
 * after a random pause, or at the first response byte). Every record that was saved must
 * have exactly one execution.
 * Fuzz: random `triggerWorkflows` values (strings, lists, objects, paths, unknown and
 * disabled keys, junk) and header combinations (tokens, roles, authenticators, locales,
 * content types) on create and update. No answer may be a 5xx, and a refused request
 * (4xx) may have written nothing: no record with its title, no outbox row, no execution.
 * Exits 1 when a rule is broken.
 */
const http = require('http');
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
  parseJson,
} = require('./lib');
const { apiClient } = require('../app/http');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);

  return index > 0 ? process.argv[index + 1] : fallback;
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** Sends one request over a raw socket and walks away at `abortAt` without reading the answer. */
function abortedCreate(baseUrl, token, key, title, abortAt) {
  return new Promise((resolve) => {
    const url = new URL(`/api/faultPosts:create?triggerWorkflows=${key}`, baseUrl);
    const body = JSON.stringify({ title });
    const request = http.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    });

    request.on('error', () => resolve());
    request.on('close', () => resolve());
    request.on('response', (response) => {
      // At the first byte: the headers came, the body is never read.
      request.destroy();
      response.destroy();
    });
    request.end(body, () => {
      if (abortAt === 'sent') {
        request.destroy();
      } else if (typeof abortAt === 'number') {
        setTimeout(() => request.destroy(), abortAt);
      }
    });
  });
}

async function runAborts({ app, token, workflow, db, count }) {
  const titles = Array.from({ length: count }, (_, i) => `abort-${i}`);
  const moments = ['sent', 'firstByte', 1, 5, 20];

  await Promise.all(titles.map((title) => abortedCreate(app.baseUrl, token, workflow.key, title, pick(moments))));

  // Aborted clients leave the server running the request; wait for it, then for the outbox.
  const saved = await waitUntil(async () => {
    const rows = await db.query(`SELECT "id" FROM "faultPosts" WHERE "title" LIKE 'abort-%'`);
    const { byRecord } = await executionsByRecord(db, workflow.id);

    return rows.length && tally(rows.map((row) => row.id), byRecord).lost.length === 0 ? rows : null;
  }, 60_000);
  const rows = saved || (await db.query(`SELECT "id" FROM "faultPosts" WHERE "title" LIKE 'abort-%'`));
  const { byRecord } = await executionsByRecord(db, workflow.id);
  const ids = rows.map((row) => row.id);
  const { lost, doubled } = tally(ids, byRecord);

  return {
    fault: 'client abort',
    sent: count,
    saved: ids.length,
    executionsFound: ids.filter((id) => byRecord.get(String(id))).length,
    lost: lost.length,
    doubled: doubled.length,
  };
}

/** The `triggerWorkflows` part of a query string, or '' for none. */
function fuzzTrigger(keys) {
  const key = () => pick([keys.async, keys.sync, keys.global, keys.disabled, 'unknownkey', '', ' ']);
  const junk = () =>
    pick(['!', ',', ',,', '!!', 'a!b!c', '%00', '\u202e', '😀', 'x'.repeat(3000), '[object Object]', 'null', '0']);
  const value = () =>
    pick([
      () => key(),
      () => `${key()},${key()}`,
      () => `${key()}!${pick(['createdBy', 'updatedBy', 'nope', 'createdBy.roles', '', '..', 'title'])}`,
      () => `${key()},${junk()}`,
      () => junk(),
      () => ` ${key()} , ${key()} `,
    ])();

  return pick([
    () => '',
    () => `triggerWorkflows=${encodeURIComponent(value())}`,
    () => `triggerWorkflows[]=${encodeURIComponent(value())}&triggerWorkflows[]=${encodeURIComponent(value())}`,
    () => `triggerWorkflows[a]=${encodeURIComponent(value())}`,
    () => `triggerWorkflows=${encodeURIComponent(JSON.stringify([value(), { key: value() }]))}`,
    () => 'triggerWorkflows',
    () => `triggerWorkflows=${encodeURIComponent(value())}&triggerWorkflows=${encodeURIComponent(value())}`,
  ])();
}

function fuzzHeaders(tokens) {
  const headers = {};
  // Mostly signed-in requests, so that most of them reach the trigger rather than the door.
  const auth = pick(['root', 'root', 'root', 'member', 'member', 'none', 'garbage', 'empty']);

  if (auth === 'root' || auth === 'member') headers.Authorization = `Bearer ${tokens[auth]}`;
  if (auth === 'garbage') headers.Authorization = `Bearer ${Math.random().toString(36).repeat(4)}`;
  if (auth === 'empty') headers.Authorization = 'Bearer ';

  const role = pick([undefined, undefined, undefined, auth === 'member' ? 'member' : 'root', 'admin', 'nope', '']);

  if (role !== undefined) headers['X-Role'] = role;
  if (Math.random() < 0.3) headers['X-Authenticator'] = pick(['basic', 'nope', '']);
  if (Math.random() < 0.3) headers['X-Locale'] = pick(['en-US', 'zh-CN', 'xx', '']);
  if (Math.random() < 0.2) headers['X-Timezone'] = pick(['+08:00', '-05:00', 'nope']);
  if (Math.random() < 0.2) headers['X-Post-Action-Depth'] = pick(['0', '99', '-1', 'x']);
  headers['Content-Type'] = pick(['application/json', 'application/json', 'application/json', 'text/plain']);

  return headers;
}

async function runFuzz({ app, keys, tokens, targets, db, count, concurrency }) {
  const results = new Array(count);
  let next = 0;

  const worker = async () => {
    while (next < count) {
      const n = next++;
      const title = `fz-${n}`;
      const update = Math.random() < 0.3;
      const trigger = fuzzTrigger(keys);
      const tk = update ? `filterByTk=${pick(targets)}` : '';
      const query = [tk, trigger].filter(Boolean).join('&');
      const url = `/api/faultPosts:${update ? 'update' : 'create'}${query ? `?${query}` : ''}`;

      try {
        const response = await fetch(`${app.baseUrl}${url}`, {
          method: 'POST',
          headers: fuzzHeaders(tokens),
          body: JSON.stringify({ title }),
        });

        await response.arrayBuffer();
        results[n] = { title, status: response.status, url };
      } catch (error) {
        results[n] = { title, status: 0, url, error: error.message };
      }
    }
  };

  const started = Date.now();

  await Promise.all(Array.from({ length: concurrency }, worker));

  const durationMs = Date.now() - started;

  await waitUntil(async () => {
    const [row] = await db.query(`SELECT COUNT(*) AS "count" FROM "postActionEvents" WHERE "status" = 'pending'`);

    return Number(row.count) === 0;
  }, 180_000);

  const rejected = new Set(results.filter((r) => r.status >= 400 && r.status < 500).map((r) => r.title));
  const titles = (await db.query(`SELECT "title" FROM "faultPosts" WHERE "title" LIKE 'fz-%'`)).map((r) => r.title);
  const contexts = [
    ...(await db.query('SELECT "context" FROM "executions"')),
    ...(await db.query('SELECT "context" FROM "postActionEvents"')),
  ].map((row) => parseJson(row.context)?.data?.title);
  const written = [...titles, ...contexts].filter((title) => rejected.has(title));
  const statuses = {};

  for (const result of results) {
    statuses[result.status] = (statuses[result.status] ?? 0) + 1;
  }

  const serverErrors = results.filter((r) => r.status >= 500 || r.status === 0);

  for (const failure of serverErrors.slice(0, 5)) {
    log(`  ${failure.status} ${failure.url.slice(0, 200)} ${failure.error ?? ''}`);
  }

  return {
    fault: 'fuzz',
    sent: count,
    statuses: JSON.stringify(statuses),
    serverErrors: serverErrors.length,
    rejected: rejected.size,
    rejectedThatWrote: new Set(written).size,
    durationMs,
  };
}

/**
 * Turns another plugin off (the app reloads), to tell its answers from ours: the preset's
 * pre-action interceptor reads `triggerWorkflows` too.
 */
async function disablePlugin(app, token, name) {
  await fetch(`${app.baseUrl}/api/pm:disable?filterByTk=${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });

  const ready = await waitUntil(async () => {
    const response = await fetch(`${app.baseUrl}/api/faultPosts:list`, { headers: { Authorization: `Bearer ${token}` } })
      .catch(() => null);

    return response?.status === 200;
  }, 120_000);

  log(`plugin ${name} disabled${ready ? '' : ' (the app did not come back in time)'}`);
}

async function main() {
  const dialect = option('db', 'sqlite');
  const aborts = Number(option('aborts', '100'));
  const fuzz = Number(option('fuzz', '10000'));
  const concurrency = Number(option('concurrency', '16'));
  const disabledPlugins = option('disable-plugins', '').split(',').filter(Boolean);

  if (!process.argv.includes('--no-build')) {
    buildServer();
  }

  const { app, cleanUp } = await startScenarioApp({
    dialect,
    name: `requests_${dialect}`,
    port: 13720,
    // Thousands of events on a handful of workflows are the point here, not a loop.
    env: { WORKFLOW_ACTION_TRIGGER_LOOP_LIMIT: '0' },
  });
  const results = [];
  let db;

  try {
    const token = await app.signIn();
    const api = await setUpCollection(app.baseUrl, token);
    const workflow = await createWorkflow(api, { collection: 'faultPosts' });
    const keys = {
      async: workflow.key,
      sync: (await createWorkflow(api, { collection: 'faultPosts', sync: true })).key,
      global: (await createWorkflow(api, { collection: 'faultPosts', config: { global: true, actions: ['update'] } }))
        .key,
      disabled: (await createWorkflow(api, { collection: 'faultPosts', enabled: false })).key,
    };

    await api.post('users:create', { username: 'fuzzmember', password: 'Member-123456', roles: ['member'] });

    const tokens = { root: token, member: await app.signIn('fuzzmember', 'Member-123456') };
    const targets = [];

    for (let i = 0; i < 5; i++) {
      targets.push((await apiClient(app.baseUrl, token).post('faultPosts:create', { title: `target-${i}` })).id);
    }

    for (const plugin of disabledPlugins) {
      await disablePlugin(app, token, plugin);
    }

    db = await openDatabase(app.env);

    if (aborts) {
      results.push({ database: dialect, ...(await runAborts({ app, token, workflow, db, count: aborts })) });
      log(JSON.stringify(results[results.length - 1]));
    }

    if (fuzz) {
      results.push({ database: dialect, ...(await runFuzz({ app, keys, tokens, targets, db, count: fuzz, concurrency })) });
      log(JSON.stringify(results[results.length - 1]));
    }
  } finally {
    await db?.close();
    await app.stop();
  }

  console.table(results);

  const bad = results.filter((r) => r.lost || r.doubled || r.serverErrors || r.rejectedThatWrote);

  cleanUp(bad.length === 0 && results.length === Number(!!aborts) + Number(!!fuzz));

  process.exit(bad.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
