/**
 * `npm run bench [-- --quick] [-- --db=sqlite|postgres|all] [-- --only=W1,W3] [-- --profile=W3]`
 *
 * Runs the same HTTP workload against three real NocoBase apps that differ only in the
 * post-action plugin (a: none, b: NocoBase's built-in one, c: ours), each in its own process
 * on its own port, interleaved a b c, a b c … so machine noise hits all three alike. Prints one
 * table and writes it, with the machine's description, to bench/RESULTS.md (full runs) or to
 * a temporary file (--quick).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  SCRATCH,
  ensurePostgresDatabases,
  postgresSettings,
  sqliteSettings,
  startApp,
  type AppHandle,
  type DbSettings,
} from './apps';
import { percentile, runLoad, type BenchRequest, type LoadResult } from './load';
import { summarizeProfile } from './profile-summary';
import { VARIANTS, VARIANT_NAMES, type Variant } from './shared';

interface Sizes {
  /** Requests per app for each measured workload of W1–W3 and the warm-up. */
  requests: number;
  rounds: number;
  warmup: number;
  throughputCreates: number;
  memoryFirst: number;
  memoryTotal: number;
}

interface Row {
  db: string;
  workload: string;
  stats: Record<Variant, Stats>;
  /** Time ratios are per request for load rows and per run for the throughput row. */
  kind: 'load' | 'throughput' | 'memory';
  note?: string;
}

interface Stats {
  requests: number;
  elapsedMs: number;
  latencies: number[];
  errors: number;
  firstError?: string;
  /** CPU time of the app process and SQL statements it sent, over its turns and drains. */
  cpuMs: number;
  queries: number;
  /** Throughput row: time until every execution resolved. Memory row: MB figures. */
  drainMs?: number;
  memory?: { rss1: number; rss2: number; heap1: number; heap2: number };
}

interface AppState {
  app: AppHandle;
  ids: number[];
  key: string;
  /** Executions this app must have resolved once its queue has drained. */
  expected: number;
}

const FULL: Sizes = {
  requests: 1000,
  rounds: 5,
  warmup: 400,
  throughputCreates: 1000,
  memoryFirst: 1000,
  memoryTotal: 10000,
};
const QUICK: Sizes = {
  requests: 200,
  rounds: 2,
  warmup: 100,
  throughputCreates: 200,
  memoryFirst: 500,
  memoryTotal: 2000,
};
/**
 * Requests in flight per app. NocoBase on SQLite shares one connection, so two requests with
 * transactions at once fail ("cannot start a transaction within a transaction") whatever the
 * plugin: SQLite gets one client at a time, PostgreSQL four.
 */
const CONCURRENCY: Record<DbSettings['label'], number> = { sqlite: 1, postgres: 4 };
let concurrency = 1;
const SEED_POSTS = 100;
const OTHER_COUNTS = [0, 100, 1000];
/** Give up waiting for executions when none has finished for this long. */
const DRAIN_STALL_MS = 8_000;

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name, value ?? 'true'] as [string, string];
  }),
);
const quick = args.has('quick');
const sizes = quick ? QUICK : FULL;
const only = args.get('only')?.split(',');
const profileWorkload = args.get('profile');
const profileDir = path.join(__dirname, 'profiles');

function wants(workload: string): boolean {
  return !only || only.includes(workload);
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function databases(): DbSettings[] {
  const choice = args.get('db') ?? (process.env.DB_DIALECT === 'postgres' ? 'all' : 'sqlite');
  const list: DbSettings[] = [];

  if (choice === 'sqlite' || choice === 'all') {
    list.push(sqliteSettings(args.get('sqlite') === 'file' ? 'file' : 'memory'));
  }

  if (choice === 'postgres' || choice === 'all') {
    list.push(postgresSettings(process.env.BENCH_DB_PREFIX ?? 'bench'));
  }

  return list;
}

/** Even requests create a post, odd ones update a seeded post; `query` is appended to both. */
function mixed(state: AppState, i: number, query = ''): BenchRequest {
  if (i % 2 === 0) {
    return { method: 'POST', path: `/posts:create${query ? `?${query}` : ''}`, body: { title: `post ${i}` } };
  }

  return updateOf(state, i, query);
}

function updateOf(state: AppState, i: number, query = ''): BenchRequest {
  const id = state.ids[i % state.ids.length];

  return {
    method: 'POST',
    path: `/posts:update?filterByTk=${id}${query ? `&${query}` : ''}`,
    body: { title: `updated ${i}`, read: i },
  };
}

function emptyStats(): Stats {
  return { requests: 0, elapsedMs: 0, latencies: [], errors: 0, cpuMs: 0, queries: 0 };
}

function addLoad(stats: Stats, result: LoadResult): void {
  stats.requests += result.latencies.length;
  stats.elapsedMs += result.elapsedMs;
  stats.latencies.push(...result.latencies);
  stats.errors += result.errors;
  stats.firstError ??= result.firstError;
}

interface Counters {
  cpuMs: number;
  queries: number;
}

/** Runs one app's turn (its load and its drain) and adds the app's CPU time and SQL to stats. */
async function counted<T>(state: AppState, stats: Stats, turn: () => Promise<T>): Promise<T> {
  const before = await state.app.call<Counters>('counters');
  const result = await turn();
  const after = await state.app.call<Counters>('counters');

  stats.cpuMs += after.cpuMs - before.cpuMs;
  stats.queries += after.queries - before.queries;

  return result;
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface ExecutionCounts {
  total: number;
  resolved: number;
  other: number;
}

/** Waits for the app's background executions: part of its cost, kept out of the next app's turn. */
async function drain(state: AppState): Promise<string | undefined> {
  if (state.app.variant === 'a' || !state.expected) {
    return undefined;
  }

  let last: ExecutionCounts = { total: 0, resolved: 0, other: 0 };
  let progressAt = Date.now();
  await waitUntil(async () => {
    const counts = await state.app.call<ExecutionCounts>('executions');

    if (counts.resolved + counts.other > last.resolved + last.other) {
      progressAt = Date.now();
    }

    last = counts;
    return last.resolved + last.other >= state.expected || Date.now() - progressAt > DRAIN_STALL_MS;
  });

  if (last.resolved + last.other < state.expected) {
    return `${state.app.variant}: ${state.expected - last.resolved - last.other} of ${state.expected} executions never finished`;
  }

  return last.other ? `${state.app.variant}: ${last.other} executions did not resolve` : undefined;
}

async function profiled<T>(workload: string, db: string, states: AppState[], body: () => Promise<T>): Promise<T> {
  if (profileWorkload !== workload) {
    return body();
  }

  const targets = states.filter((state) => state.app.variant !== 'a');

  fs.mkdirSync(profileDir, { recursive: true });
  await Promise.all(targets.map((state) => state.app.call('profileStart')));

  try {
    return await body();
  } finally {
    for (const state of targets) {
      const file = path.join(profileDir, `${db}-${workload}-${state.app.variant}.cpuprofile`);

      await state.app.call('profileStop', { file });
      log(`profile of ${state.app.variant} written to ${path.relative(process.cwd(), file)}`);
      process.stdout.write(`\n### Profile ${db} ${workload} ${state.app.variant}\n\n${summarizeProfile(file)}\n`);
    }
  }
}

/**
 * One load workload: `rounds` turns of a, b, c, each sending its share of `total` requests,
 * then letting that app's background executions finish before the next app's turn.
 */
async function interleaved(
  states: AppState[],
  total: number,
  firesPerRequest: number,
  make: (state: AppState, i: number) => BenchRequest,
): Promise<{ stats: Record<Variant, Stats>; notes: string[] }> {
  const stats = { a: emptyStats(), b: emptyStats(), c: emptyStats() };
  const notes: string[] = [];
  const perRound = Math.ceil(total / sizes.rounds);

  for (let round = 0; round < sizes.rounds; round++) {
    for (const state of states) {
      const offset = round * perRound;
      const count = Math.min(perRound, total - offset);
      const note = await counted(state, stats[state.app.variant], async () => {
        const result = await runLoad(state.app, count, concurrency, (i) => make(state, offset + i));

        addLoad(stats[state.app.variant], result);
        state.expected += firesPerRequest * (result.latencies.length - result.errors);

        return drain(state);
      });

      if (note) {
        notes.push(note);
      }
    }
  }

  return { stats, notes };
}

async function resetAll(states: AppState[]): Promise<void> {
  for (const state of states) {
    await state.app.call('removeMatching');
    state.ids = await state.app.call<number[]>('reset', { seed: SEED_POSTS });
    state.expected = 0;
    state.key = 'none';
  }
}

async function addMatching(states: AppState[], mode: 'local' | 'global', sync: boolean): Promise<void> {
  for (const state of states) {
    const workflow = await state.app.call<{ key: string } | null>('addMatching', { mode, sync });

    state.key = workflow?.key ?? 'none';
  }
}

async function benchDatabase(db: DbSettings): Promise<Row[]> {
  concurrency = Number(args.get('concurrency') ?? CONCURRENCY[db.label]);
  if (db.label === 'postgres') {
    await ensurePostgresDatabases(db, VARIANTS);
  }

  const rows: Row[] = [];

  // W1 leaves 1,000 workflows behind: the other workloads run on fresh apps.
  if (wants('W1')) {
    rows.push(...(await withApps(db, (states) => otherWorkflows(db, states))));
  }

  if (['W2', 'W3', 'W4', 'W5'].some(wants)) {
    rows.push(...(await withApps(db, (states) => matchingWorkflows(db, states))));
  }

  return rows;
}

/** Starts a, b and c one after another, warms them up, runs `body`, and always stops them. */
async function withApps(db: DbSettings, body: (states: AppState[]) => Promise<Row[]>): Promise<Row[]> {
  const apps: AppHandle[] = [];

  try {
    for (const variant of VARIANTS) {
      log(`${db.label}: starting app ${variant}`);
      apps.push(await startApp(variant, db));
    }

    const states: AppState[] = apps.map((app) => ({ app, ids: [], key: 'none', expected: 0 }));

    await resetAll(states);
    log(`${db.label}: warm-up, ${sizes.warmup} requests per app`);
    await interleaved(states, sizes.warmup, 0, (state, i) => mixed(state, i));

    return await body(states);
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
}

function rowPusher(db: DbSettings, rows: Row[]) {
  return (workload: string, kind: Row['kind'], result: { stats: Record<Variant, Stats>; notes: string[] }) =>
    rows.push({ db: db.label, workload, kind, stats: result.stats, note: result.notes.join('; ') || undefined });
}

/** W1: no workflow matches posts; 0, 100, then 1,000 enabled ones on other collections. */
async function otherWorkflows(db: DbSettings, states: AppState[]): Promise<Row[]> {
  const rows: Row[] = [];
  const push = rowPusher(db, rows);
  let added = 0;

  for (const count of OTHER_COUNTS) {
    log(`${db.label}: W1 adding ${count - added} other workflows per app`);

    for (const state of states) {
      await state.app.call('addOtherWorkflows', { count: count - added });
    }

    added = count;
    await resetAll(states);
    log(`${db.label}: W1 with ${count} other workflows`);
    const result = await profiled(`W1-${count}`, db.label, states, () =>
      interleaved(states, sizes.requests, 0, (state, i) => mixed(state, i)),
    );

    push(`W1 no match, ${count} other workflows`, 'load', result);
  }

  return rows;
}

/** W2–W5: one workflow on posts, async or sync, local or global. */
async function matchingWorkflows(db: DbSettings, states: AppState[]): Promise<Row[]> {
  const rows: Row[] = [];
  const push = rowPusher(db, rows);

  if (wants('W2')) {
    for (const mode of ['local', 'global'] as const) {
      await resetAll(states);
      await addMatching(states, mode, false);
      log(`${db.label}: W2 one async workflow, ${mode}`);
      const result = await profiled(`W2-${mode}`, db.label, states, () =>
        interleaved(states, sizes.requests, 1, (state, i) =>
          mixed(state, i, mode === 'local' ? `triggerWorkflows=${state.key}` : ''),
        ),
      );

      push(`W2 one async workflow, ${mode}`, 'load', result);
    }
  }

  if (wants('W3')) {
    await resetAll(states);
    await addMatching(states, 'global', true);
    log(`${db.label}: W3 one sync workflow`);
    const result = await profiled('W3', db.label, states, () =>
      interleaved(states, sizes.requests, 0, (state, i) => mixed(state, i)),
    );

    push('W3 one sync workflow (global)', 'load', result);
  }

  if (wants('W4')) {
    await resetAll(states);
    await addMatching(states, 'global', false);
    log(`${db.label}: W4 ${sizes.throughputCreates} creates until every execution resolved`);
    const result = await profiled('W4', db.label, states, () => throughput(states));

    push(`W4 async throughput, ${sizes.throughputCreates} creates`, 'throughput', result);
  }

  if (wants('W5')) {
    await resetAll(states);
    await addMatching(states, 'global', false);
    log(`${db.label}: W5 memory after ${sizes.memoryFirst} and ${sizes.memoryTotal} requests`);
    const result = await memory(states);

    push(`W5 memory, ${sizes.memoryFirst} vs ${sizes.memoryTotal} updates`, 'memory', result);
  }

  return rows;
}

/** W4: per app, the creates at full speed, then the time until all their executions resolved. */
async function throughput(states: AppState[]): Promise<{ stats: Record<Variant, Stats>; notes: string[] }> {
  const stats = { a: emptyStats(), b: emptyStats(), c: emptyStats() };
  const notes: string[] = [];

  for (const state of states) {
    const started = Date.now();
    const note = await counted(state, stats[state.app.variant], async () => {
      const result = await runLoad(state.app, sizes.throughputCreates, concurrency, (i) => ({
        method: 'POST',
        path: '/posts:create',
        body: { title: `burst ${i}` },
      }));

      addLoad(stats[state.app.variant], result);
      state.expected += result.latencies.length - result.errors;

      return drain(state);
    });

    stats[state.app.variant].drainMs = Date.now() - started;

    if (note) {
      notes.push(note);
    }
  }

  return { stats, notes };
}

/**
 * W5: updates only (no table grows), with one global async workflow. Memory is read after a
 * drain, with executions and jobs emptied and two full GCs, so that only what the process
 * keeps, not rows of the in-memory database, can grow between the two readings.
 */
async function memory(states: AppState[]): Promise<{ stats: Record<Variant, Stats>; notes: string[] }> {
  const stats = { a: emptyStats(), b: emptyStats(), c: emptyStats() };
  const notes: string[] = [];
  const reading = async (state: AppState) => {
    await state.app.call('clearExecutions');
    state.expected = 0;
    return state.app.call<NodeJS.MemoryUsage>('memory');
  };
  const first: Partial<Record<Variant, NodeJS.MemoryUsage>> = {};
  const chunks = Math.max(1, sizes.rounds);
  const rest = sizes.memoryTotal - sizes.memoryFirst;

  for (const state of states) {
    const note = await counted(state, stats[state.app.variant], async () => {
      const result = await runLoad(state.app, sizes.memoryFirst, concurrency, (i) => updateOf(state, i));

      addLoad(stats[state.app.variant], result);
      state.expected += result.latencies.length - result.errors;
      return drain(state);
    });

    notes.push(...[note].filter((text): text is string => !!text));
    first[state.app.variant] = await reading(state);
  }

  for (let chunk = 0; chunk < chunks; chunk++) {
    for (const state of states) {
      const count = Math.ceil(rest / chunks);
      const note = await counted(state, stats[state.app.variant], async () => {
        const result = await runLoad(state.app, count, concurrency, (i) => updateOf(state, i));

        addLoad(stats[state.app.variant], result);
        state.expected += result.latencies.length - result.errors;
        return drain(state);
      });

      notes.push(...[note].filter((text): text is string => !!text));

      if (chunk < chunks - 1) {
        // Keep the executions table small between readings; the last chunk is read below.
        await state.app.call('clearExecutions');
        state.expected = 0;
      }
    }
  }

  for (const state of states) {
    const second = await reading(state);
    const before = first[state.app.variant] as NodeJS.MemoryUsage;

    stats[state.app.variant].memory = {
      rss1: before.rss / 2 ** 20,
      rss2: second.rss / 2 ** 20,
      heap1: before.heapUsed / 2 ** 20,
      heap2: second.heapUsed / 2 ** 20,
    };
  }

  return { stats, notes };
}

function rps(stats: Stats): number {
  return stats.requests / (stats.elapsedMs / 1000);
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** c's cost relative to another variant's: time per request, or time of the whole run. */
function ratio(row: Row, c: Stats, other: Stats): string {
  if (row.kind === 'throughput') {
    return fixed((c.drainMs as number) / (other.drainMs as number), 2);
  }

  if (row.kind === 'memory') {
    const grow = (s: Stats) => (s.memory ? s.memory.rss2 - s.memory.rss1 : NaN);
    return `ΔRSS ${fixed(grow(c))} vs ${fixed(grow(other))} MB`;
  }

  return fixed(rps(other) / rps(c), 3);
}

/** c's CPU time per request over the other's: the cost ratio least disturbed by other load. */
function cpuRatio(c: Stats, other: Stats): string {
  return fixed(c.cpuMs / c.requests / (other.cpuMs / other.requests), 3);
}

function cell(row: Row, stats: Stats): string {
  const base = `${fixed(rps(stats), 0)} r/s, ${fixed(percentile(stats.latencies, 50))}/${fixed(
    percentile(stats.latencies, 99),
  )} ms`;
  const work = `; CPU ${fixed(stats.cpuMs / stats.requests, 2)} ms/req, ${fixed(stats.queries / stats.requests, 1)} SQL/req`;
  const errors = (stats.errors ? `, ${stats.errors} errors` : '') + work;

  if (row.kind === 'throughput') {
    const perSecond = stats.requests / ((stats.drainMs as number) / 1000);
    return `${fixed(perSecond, 0)} creates+runs/s (${fixed((stats.drainMs as number) / 1000, 1)} s); ${base}${errors}`;
  }

  if (row.kind === 'memory' && stats.memory) {
    const m = stats.memory;
    return `RSS ${fixed(m.rss1, 0)}→${fixed(m.rss2, 0)} MB, heap ${fixed(m.heap1, 0)}→${fixed(m.heap2, 0)} MB; ${base}${errors}`;
  }

  return base + errors;
}

function table(rows: Row[]): string {
  const lines = [
    '| db | workload | a: none | b: built-in | c: ours | c/a | c/b | CPU c/a | CPU c/b |',
    '|---|---|---|---|---|---|---|---|---|',
  ];

  for (const row of rows) {
    const { a, b, c } = row.stats;

    lines.push(
      `| ${row.db} | ${row.workload} | ${cell(row, a)} | ${cell(row, b)} | ${cell(row, c)} | ${ratio(row, c, a)} | ${ratio(
        row,
        c,
        b,
      )} | ${cpuRatio(c, a)} | ${cpuRatio(c, b)} |`,
    );
  }

  const notes = rows.filter((row) => row.note || rowErrors(row)).map((row) => `- ${row.db} ${row.workload}: ${row.note ?? ''} ${rowErrors(row)}`);

  return [...lines, ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n');
}

function rowErrors(row: Row): string {
  return VARIANTS.filter((v) => row.stats[v].firstError)
    .map((v) => `${v} first error: ${row.stats[v].firstError}`)
    .join('; ');
}

function revision(): string {
  try {
    const { execFileSync } = require('child_process');
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'src/server'], { encoding: 'utf8' }).trim();

    return `${head}${dirty ? ' (src/server with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

function machine(loadBefore: number[], loadAfter: number[]): string {
  const cpus = os.cpus();

  return [
    `- date: ${new Date().toISOString()}`,
    `- nproc: ${cpus.length} (${cpus[0]?.model ?? 'unknown CPU'})`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- node: ${process.version}, ${os.type()} ${os.release()}`,
    `- revision: ${revision()}; SQLite ${args.get('sqlite') === 'file' ? 'in a file' : 'in memory'} per app`,
    `- load average (1/5/15 min) before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after: ${loadAfter
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `- mode: ${quick ? 'quick' : 'full'}; concurrency ${args.get('concurrency') ?? `sqlite ${CONCURRENCY.sqlite}, postgres ${CONCURRENCY.postgres}`}; ${sizes.requests} requests per app per load row in ${sizes.rounds} interleaved rounds (a b c); ${sizes.warmup} warm-up requests per app`,
  ].join('\n');
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg();
  const rows: Row[] = [];

  for (const db of databases()) {
    rows.push(...(await benchDatabase(db)));
  }

  const loadAfter = os.loadavg();

  fs.rmSync(SCRATCH, { recursive: true, force: true });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const output = [
    '# Post-action trigger benchmark',
    '',
    'a: ' + VARIANT_NAMES.a + '; b: ' + VARIANT_NAMES.b + '; c: ' + VARIANT_NAMES.c + '.',
    'Cells: requests per second, p50/p99 latency; the app process’s CPU time and SQL statements per',
    'request, background executions included. Ratios: c’s time per request over a’s or b’s',
    '(W4: time until all executions resolved; W5: RSS growth between the two readings); CPU',
    'ratios: c’s CPU time per request over a’s or b’s.',
    '',
    table(rows),
    '',
    '## Machine',
    '',
    machine(loadBefore, loadAfter),
    `- total bench time: ${minutes} min`,
    '',
  ].join('\n');

  process.stdout.write(`\n${output}\n`);

  const file = quick ? path.join(os.tmpdir(), 'action-trigger-bench-quick.md') : path.join(__dirname, 'RESULTS.md');

  fs.writeFileSync(file, output);
  log(`written to ${file}`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
