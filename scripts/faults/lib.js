/**
 * What the fault scripts share: a real app per database, a collection and workflows made
 * through the HTTP API, direct reads of the app's database to count executions, and HTTP
 * helpers that tell an acknowledged request from one that was not.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launchApp } = require('../app/launcher');
const { apiClient } = require('../app/http');

const ROOT = path.resolve(__dirname, '../..');

// A time limit ends a script with SIGTERM; exiting normally runs the launcher's exit hook,
// which kills the app's process group, so no app outlives its script.
process.once('SIGTERM', () => process.exit(143));
process.once('SIGINT', () => process.exit(130));

/** Fast sweeps, so that a restarted app redelivers within seconds, not a minute. */
const FAULT_ENV = {
  WORKFLOW_ACTION_TRIGGER_OUTBOX_GRACE_MS: '1500',
  WORKFLOW_ACTION_TRIGGER_OUTBOX_SWEEP_MS: '1000',
  LOGGER_LEVEL: 'warn',
  // The caller's own settings of the plugin win, e.g. to try another busy timeout.
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('WORKFLOW_ACTION_TRIGGER_'))),
};

const DATABASES = {
  sqlite: () => ({}),
  postgres: (name) => ({
    DB_DIALECT: 'postgres',
    DB_HOST: process.env.FAULTS_PG_HOST || '127.0.0.1',
    DB_PORT: process.env.FAULTS_PG_PORT || '5432',
    DB_USER: process.env.FAULTS_PG_USER || 'postgres',
    DB_PASSWORD: process.env.FAULTS_PG_PASSWORD || '',
    DB_DATABASE: name,
  }),
};

function log(...parts) {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);
}

/** The server as `npm run build` makes it; the app copies dist/, so it must be current. */
function buildServer() {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.server.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

function psql(name, sql) {
  const env = DATABASES.postgres(name);
  const args = ['-h', env.DB_HOST, '-p', env.DB_PORT, '-U', env.DB_USER, '-v', 'ON_ERROR_STOP=1', '-q'];

  execFileSync('psql', [...args, '-c', sql, 'postgres'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function dropPostgres(name) {
  psql(name, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** A fresh PostgreSQL database (dropped first) for one scenario. */
function recreatePostgres(name) {
  dropPostgres(name);
  psql(name, `CREATE DATABASE "${name}"`);
}

/** One scenario's app: its own storage folder and, on PostgreSQL, its own database. */
async function startScenarioApp({ dialect, name, port, env = {} }) {
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), `faults-${name}-`));

  if (dialect === 'postgres') {
    recreatePostgres(`faults_${name}`);
  }

  const appEnv = { ...FAULT_ENV, ...DATABASES[dialect](`faults_${name}`), ...env };
  const app = await launchApp({ storageDir, port, env: appEnv, seedDemo: false, log: (m) => log(`  app: ${m}`) });

  return {
    app,
    storageDir,
    appEnv,
    restart: () => launchApp({ storageDir, port, env: appEnv, seedDemo: false }),
    /** After a passing scenario: its storage and database go; a failing one keeps them to look at. */
    cleanUp: (passed) => {
      if (!passed) {
        log(`  kept for inspection: ${storageDir}${dialect === 'postgres' ? ` and database faults_${name}` : ''}`);
        return;
      }

      fs.rmSync(storageDir, { recursive: true, force: true });

      if (dialect === 'postgres') {
        dropPostgres(`faults_${name}`);
      }
    },
  };
}

/** A collection `faultPosts` (title, hidden secret) and workflows on it, made as an admin would. */
async function setUpCollection(baseUrl, token, name = 'faultPosts') {
  const api = apiClient(baseUrl, token);

  await api.post('collections:create', {
    name,
    title: name,
    createdBy: true,
    updatedBy: true,
    fields: [
      { name: 'title', type: 'string', interface: 'input', uiSchema: { title: 'Title' } },
      { name: 'secret', type: 'string', interface: 'input', hidden: true },
    ],
  });

  return api;
}

async function createWorkflow(api, { collection, sync = false, enabled = true, config = {}, title }) {
  const workflow = await api.post('workflows:create', {
    title: title ?? `${sync ? 'sync' : 'async'} on ${collection}`,
    type: 'action',
    sync,
    enabled: false,
    config: { collection, ...config },
  });

  if (enabled) {
    await api.post('workflows:update', { enabled: true }, { filterByTk: String(workflow.id) });
  }

  return workflow;
}

/** Reads the app's database directly: what the engine wrote, not what an API chooses to show. */
async function openDatabase(appEnv) {
  if (appEnv.DB_DIALECT === 'postgres') {
    const { Client } = require('pg');
    const client = new Client({
      host: appEnv.DB_HOST,
      port: Number(appEnv.DB_PORT),
      user: appEnv.DB_USER,
      password: appEnv.DB_PASSWORD || undefined,
      database: appEnv.DB_DATABASE,
    });

    await client.connect();

    return {
      query: async (sql, params = []) => (await client.query(toPostgres(sql), params)).rows,
      close: () => client.end(),
    };
  }

  const sqlite3 = require('sqlite3');
  // Read-write, though only read: after a kill -9 the file may have a hot journal, which
  // the first reader must roll back, as the restarted app would.
  const db = new sqlite3.Database(appEnv.DB_STORAGE, sqlite3.OPEN_READWRITE);

  db.configure('busyTimeout', 10_000);

  return {
    query: (sql, params = []) =>
      new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)))),
    close: () => new Promise((resolve) => db.close(resolve)),
  };
}

/** `"name"` quoting and `?` placeholders are written once, in the SQLite form. */
function toPostgres(sql) {
  let index = 0;

  return sql.replace(/\?/g, () => `$${++index}`);
}

const parseJson = (value) => (typeof value === 'string' ? JSON.parse(value) : value);

/** Executions per record id of `collection`'s trigger records, for the given workflow. */
async function executionsByRecord(db, workflowId) {
  const rows = await db.query('SELECT "context", "status" FROM "executions" WHERE "workflowId" = ?', [
    String(workflowId),
  ]);
  const byRecord = new Map();

  for (const row of rows) {
    const id = String(parseJson(row.context)?.data?.id);

    byRecord.set(id, (byRecord.get(id) ?? 0) + 1);
  }

  return { byRecord, total: rows.length };
}

/** Lost and doubled among the acknowledged record ids; doubled is counted over every record. */
function tally(acknowledgedIds, byRecord) {
  const lost = acknowledgedIds.filter((id) => !byRecord.get(String(id)));
  const doubled = [...byRecord.entries()].filter(([, count]) => count > 1).map(([id]) => id);

  return { lost, doubled };
}

async function waitUntil(check, timeoutMs, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = await check();

    if (value || Date.now() > deadline) {
      return value;
    }

    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** POST JSON; never throws: network errors come back as status 0. */
async function post(baseUrl, url, { token, body, headers = {}, signal } = {}) {
  try {
    const response = await fetch(`${baseUrl}${url}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const payload = await response.json().catch(() => null);

    return { status: response.status, body: payload };
  } catch (error) {
    return { status: 0, error: error.message };
  }
}

module.exports = {
  ROOT,
  FAULT_ENV,
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
  parseJson,
};
