/** Starting the three benchmark apps as child processes and talking to them over IPC. */
import { fork, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Variant } from './shared';

export interface DbSettings {
  label: 'sqlite' | 'postgres';
  /** Environment for the app of one variant (its own database on PostgreSQL). */
  env(variant: Variant): Record<string, string | undefined>;
}

export interface AppHandle {
  variant: Variant;
  port: number;
  /** The resourcer's URL prefix: `/api` in a production app, empty in NocoBase's test app. */
  prefix: string;
  token: string;
  pid: number;
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

const DB_VARIABLES = ['DB_DIALECT', 'DB_STORAGE', 'DB_HOST', 'DB_PORT', 'DB_USER', 'DB_PASSWORD', 'DB_DATABASE'];

export const SCRATCH = path.join(os.tmpdir(), `action-trigger-bench-${process.pid}`);

/**
 * SQLite, one database per app: in memory (as NocoBase's test app runs it; Sequelize then
 * shares one connection between all transactions) or in a file (as a real deployment runs it).
 */
export function sqliteSettings(storage: 'memory' | 'file'): DbSettings {
  return {
    label: 'sqlite',
    env: (variant) =>
      storage === 'file'
        ? { DB_DIALECT: 'sqlite', DB_STORAGE: path.join(SCRATCH, `${variant}.sqlite`) }
        : { DB_DIALECT: 'sqlite' },
  };
}

/**
 * The app script and our plugin, compiled into one CommonJS file next to bench/ (so that
 * node_modules resolve). The apps then run as plain Node: no ts-node and no source-map
 * support hooking every Error, which Sequelize creates on each query.
 */
export function buildAppBundle(): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const esbuild = require('esbuild');
  const outdir = path.join(__dirname, '.build');
  const build = (entry: string, name: string) =>
    esbuild.buildSync({
      entryPoints: [entry],
      outfile: path.join(outdir, name),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });

  build(path.join(__dirname, 'app.ts'), 'app.js');
  build(path.resolve(__dirname, '../src/server/plugin.ts'), 'ours.js');

  return path.join(outdir, 'app.js');
}

let appScript: string | undefined;

/** PostgreSQL from the DB_* environment, with a database of its own per variant. */
export function postgresSettings(base: string): DbSettings {
  return {
    label: 'postgres',
    env: (variant) => ({
      DB_DIALECT: 'postgres',
      DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
      DB_PORT: process.env.DB_PORT ?? '5432',
      DB_USER: process.env.DB_USER ?? 'postgres',
      DB_PASSWORD: process.env.DB_PASSWORD ?? '',
      DB_DATABASE: `${base}_${variant}`,
    }),
  };
}

/** Creates the per-variant PostgreSQL databases if they do not exist yet. */
export async function ensurePostgresDatabases(settings: DbSettings, variants: Variant[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Client } = require('pg');
  const env = settings.env('a');
  const client = new Client({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    database: 'postgres',
  });

  await client.connect();

  try {
    for (const variant of variants) {
      const name = settings.env(variant).DB_DATABASE as string;
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);

      if (!found.rowCount) {
        await client.query(`create database "${name}"`);
      }
    }
  } finally {
    await client.end();
  }
}

export function startApp(variant: Variant, db: DbSettings): Promise<AppHandle> {
  const env: Record<string, string | undefined> = { ...process.env };

  for (const name of DB_VARIABLES) {
    delete env[name];
  }

  Object.assign(env, db.env(variant), {
    BENCH_VARIANT: variant,
    BENCH_SCRATCH: SCRATCH,
  });

  fs.mkdirSync(SCRATCH, { recursive: true });

  if (env.DB_STORAGE) {
    fs.rmSync(env.DB_STORAGE, { force: true });
  }

  // The app's own log (NocoBase logs errors to the console) goes to a file, not the table.
  const logFile = fs.openSync(path.join(SCRATCH, `app-${db.label}-${variant}.log`), 'a');
  appScript ??= buildAppBundle();

  const child = fork(appScript, [], {
    cwd: path.resolve(__dirname, '..'),
    env,
    execArgv: ['--expose-gc'],
    stdio: ['ignore', logFile, logFile, 'ipc'],
  });

  return new Promise((resolve, reject) => {
    const pending = new Map<number, { resolve(value: any): void; reject(error: Error): void }>();
    let nextId = 1;

    child.on('message', (message: any) => {
      if (message.fatal) {
        reject(new Error(`app ${variant} failed to start: ${message.fatal}`));
        return;
      }

      if (message.ready) {
        resolve(handle(child, variant, message, pending, () => nextId++));
        return;
      }

      const waiter = pending.get(message.id);

      if (waiter) {
        pending.delete(message.id);
        message.error ? waiter.reject(new Error(`app ${variant}: ${message.error}`)) : waiter.resolve(message.result);
      }
    });

    child.on('exit', (code) => {
      for (const waiter of pending.values()) {
        waiter.reject(new Error(`app ${variant} exited (${code})`));
      }

      reject(new Error(`app ${variant} exited before it was ready (${code})`));
    });
  });
}

function handle(
  child: ChildProcess,
  variant: Variant,
  ready: { port: number; prefix: string; token: string },
  pending: Map<number, { resolve(value: any): void; reject(error: Error): void }>,
  newId: () => number,
): AppHandle {
  const call = <T>(cmd: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = newId();

      pending.set(id, { resolve, reject });
      child.send({ id, cmd, ...args });
    });

  return {
    variant,
    port: ready.port,
    prefix: ready.prefix,
    token: ready.token,
    pid: child.pid as number,
    call,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));

      await Promise.race([call('stop'), exited]).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);

      await exited;
      clearTimeout(timer);
    },
  };
}
