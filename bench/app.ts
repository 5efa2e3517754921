/**
 * One benchmark app, run as a child process of bench/run.ts: a real NocoBase app on its own
 * 127.0.0.1 port, differing from its siblings only in the post-action plugin it loads.
 * The parent drives it over IPC (set up workflows, reset data, count executions, read memory,
 * profile) and sends the HTTP load itself, so that what it measures is real HTTP.
 */
import http from 'http';
import fs from 'fs';
import path from 'path';
import { Session } from 'inspector';
import type { AddressInfo } from 'net';
import { BENCH_COLLECTIONS, OTHER_COLLECTIONS, type Variant } from './shared';

type Command =
  | { cmd: 'addOtherWorkflows'; count: number }
  | { cmd: 'addMatching'; mode: 'local' | 'global'; sync: boolean }
  | { cmd: 'removeMatching' }
  | { cmd: 'reset'; seed: number }
  | { cmd: 'executions' }
  | { cmd: 'clearExecutions' }
  | { cmd: 'memory' }
  | { cmd: 'counters' }
  | { cmd: 'profileStart' }
  | { cmd: 'profileStop'; file: string }
  | { cmd: 'stop' };

type Request = Command & { id: number };

const variant = process.env.BENCH_VARIANT as Variant;
// Bundled to bench/.build/app.js: the repository root is two levels up from there.
const root = path.resolve(__dirname, '../..');

// What the NocoBase test app reads from the environment; without it, plugins fail silently.
const defaults: Record<string, string> = {
  NODE_MODULES_PATH: path.join(root, 'node_modules'),
  APP_KEY: 'bench-key-for-post-action-trigger',
  APP_ENV: 'test',
  DB_DIALECT: 'sqlite',
  STORAGE_PATH: path.join(process.env.BENCH_SCRATCH ?? '/tmp', `storage-${variant}`),
  PLUGIN_STORAGE_PATH: path.join(process.env.BENCH_SCRATCH ?? '/tmp', `plugins-${variant}`),
  CACHE_DEFAULT_STORE: 'memory',
  LOGGER_LEVEL: 'error',
  LOGGER_TRANSPORT: 'console',
  INIT_ROOT_EMAIL: 'bench@example.com',
  INIT_ROOT_PASSWORD: 'bench-password',
  INIT_ROOT_USERNAME: 'bench',
};

for (const [name, value] of Object.entries(defaults)) {
  if (!process.env[name]) {
    process.env[name] = value;
  }
}

const BASE_PLUGINS = [
  'error-handler',
  'field-sort',
  'users',
  'auth',
  'acl',
  'data-source-manager',
  'data-source-main',
  'workflow',
];

/** The post-action plugin of each variant, as a class: never resolved by its package name. */
function postActionPlugin(): unknown[] {
  if (variant === 'b') {
    // NocoBase's own plugin, installed under an alias; run, never read.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return [require('builtin-action-trigger').default];
  }

  if (variant === 'c') {
    // Compiled from src/server/plugin.ts next to this script's bundle, in a file of its own so
    // that profiles can tell our frames from the harness's.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return [require(path.join(__dirname, 'ours.js')).default];
  }

  return [];
}

/** A one-node workflow body: a calculation, the cheapest node that still runs the engine. */
const ONE_NODE = { type: 'calculation', title: 'calc', config: { engine: 'math.js', expression: '1 + 1' } };

async function main() {
  // Loaded after the environment is set: the server reads it at import time. A require, as
  // the package's ESM entry is declared but not shipped.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { createMockServer } = require('@nocobase/test') as typeof import('@nocobase/test');
  const app = await createMockServer({
    acl: true,
    plugins: [...BASE_PLUGINS, ...postActionPlugin()] as never,
  });

  for (const collection of BENCH_COLLECTIONS) {
    app.db.collection(collection as never);
  }

  await app.db.sync();

  // Every statement Sequelize sends (models call the instance's `query`), to compare the
  // plugins by work done rather than by wall time alone on a shared machine.
  const sequelize = app.db.sequelize as unknown as { query(...args: unknown[]): Promise<unknown> };
  const query = sequelize.query.bind(sequelize);
  let queries = 0;

  sequelize.query = (...args: unknown[]) => {
    queries++;
    return query(...args);
  };

  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const port = (server.address() as AddressInfo).port;
  const prefix: string = (app.resourcer.options as { prefix?: string }).prefix ?? '';
  const token = await signIn(port, prefix);
  const workflows = app.db.getRepository('workflows');
  const hasTrigger = variant !== 'a';
  let matching: { id: number; key: string } | null = null;
  let profiler: Session | null = null;

  const handlers: Record<Command['cmd'], (command: any) => Promise<unknown>> = {
    // Half global (create and update), half local, round robin over the other collections.
    async addOtherWorkflows({ count }: { count: number }) {
      if (!hasTrigger) {
        return 0;
      }

      for (let i = 0; i < count; i++) {
        const global = i % 2 === 0;

        await workflows.create({
          values: {
            title: `other ${i}`,
            type: 'action',
            sync: false,
            enabled: true,
            config: {
              collection: OTHER_COLLECTIONS[i % OTHER_COLLECTIONS.length],
              ...(global ? { global: true, actions: ['create', 'update'] } : {}),
            },
          },
        });
      }

      return workflows.count({ filter: { enabled: true } });
    },

    async addMatching({ mode, sync }: { mode: 'local' | 'global'; sync: boolean }) {
      if (!hasTrigger) {
        return null;
      }

      const workflow: any = await workflows.create({
        values: {
          title: `matching ${mode} ${sync ? 'sync' : 'async'}`,
          type: 'action',
          sync,
          enabled: false,
          config: { collection: 'posts', ...(mode === 'global' ? { global: true, actions: ['create', 'update'] } : {}) },
        },
      });

      await workflow.createNode(ONE_NODE);
      await workflow.update({ enabled: true });
      matching = { id: workflow.id, key: workflow.key };

      return matching;
    },

    async removeMatching() {
      if (!matching) {
        return null;
      }

      const workflow: any = await workflows.findOne({ filterByTk: matching.id });

      await workflow.update({ enabled: false });
      await workflows.destroy({ filterByTk: matching.id });
      matching = null;

      return true;
    },

    // Same table sizes at the start of every phase, so phases compare with each other.
    async reset({ seed }: { seed: number }) {
      for (const name of ['jobs', 'executions', 'posts']) {
        await app.db.getRepository(name).destroy({ truncate: true });
      }

      const posts = app.db.getRepository('posts');
      const rows: any[] = await posts.create({
        values: Array.from({ length: seed }, (_, i) => ({ title: `seed ${i}` })),
      });

      return rows.map((row) => row.get('id'));
    },

    async executions() {
      if (!matching) {
        return { total: 0, resolved: 0, other: 0 };
      }

      const executions = app.db.getRepository('executions');
      const filter = { workflowId: matching.id };
      const [total, resolved] = await Promise.all([
        executions.count({ filter }),
        executions.count({ filter: { ...filter, status: 1 } }),
      ]);
      const unfinished = await executions.count({ filter: { ...filter, $or: [{ status: null }, { status: 0 }] } });

      return { total, resolved, other: total - resolved - unfinished };
    },

    async clearExecutions() {
      for (const name of ['jobs', 'executions']) {
        await app.db.getRepository(name).destroy({ truncate: true });
      }

      return true;
    },

    async counters() {
      const { user, system } = process.cpuUsage();

      return { cpuMs: (user + system) / 1000, queries };
    },

    async memory() {
      global.gc?.();
      global.gc?.();

      return process.memoryUsage();
    },

    async profileStart() {
      profiler = new Session();
      profiler.connect();
      await post(profiler, 'Profiler.enable');
      await post(profiler, 'Profiler.setSamplingInterval', { interval: 200 });
      await post(profiler, 'Profiler.start');

      return true;
    },

    async profileStop({ file }: { file: string }) {
      if (!profiler) {
        return null;
      }

      const { profile } = (await post(profiler, 'Profiler.stop')) as { profile: unknown };

      profiler.disconnect();
      profiler = null;
      fs.writeFileSync(file, JSON.stringify(profile));

      return file;
    },

    async stop() {
      server.close();
      await app.destroy();
      setImmediate(() => process.exit(0));

      return true;
    },
  };

  process.on('message', async (request: Request) => {
    try {
      const result = await handlers[request.cmd](request);

      process.send?.({ id: request.id, result });
    } catch (error) {
      process.send?.({ id: request.id, error: (error as Error).stack ?? String(error) });
    }
  });

  process.send?.({ ready: true, port, prefix, token, variant });
}

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/** Signs the root user in over HTTP, as a client would, and returns the token. */
async function signIn(port: number, prefix: string): Promise<string> {
  const body = JSON.stringify({ account: process.env.INIT_ROOT_EMAIL, password: process.env.INIT_ROOT_PASSWORD });
  const response = await new Promise<string>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `${prefix}/auth:signIn`,
        headers: { 'content-type': 'application/json', 'x-authenticator': 'basic' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
  const token = JSON.parse(response)?.data?.token;

  if (!token) {
    throw new Error(`sign-in failed: ${response.slice(0, 300)}`);
  }

  return token;
}

// The parent is the only reason to live: without it, stop (never leave a server behind).
process.on('disconnect', () => process.exit(0));

main().catch((error) => {
  process.send?.({ fatal: (error as Error).stack ?? String(error) });
  process.exit(1);
});
