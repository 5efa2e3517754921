#!/usr/bin/env node
/**
 * The fault suite as CI runs it (`npm run test:faults`): the kill test on file SQLite and on
 * PostgreSQL, then client aborts and the fuzz on SQLite. Each part runs as its own process
 * with a time limit; the suite fails when any part breaks a rule or runs out of time.
 *
 *   FAULTS_QUICK=1 npm run test:faults   # fewer requests, for a local check
 */
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');
const { buildServer, log } = require('./lib');

const quick = !!process.env.FAULTS_QUICK;

/** PostgreSQL as CI provides it: the machine's server, or a throw-away cluster. */
function postgresEnv() {
  const script = path.join(__dirname, '../ci/postgres.sh');
  const output = execFileSync('bash', [script, 'faults_probe'], { encoding: 'utf8' });
  const settings = Object.fromEntries([...output.matchAll(/(DB_\w+)=(\S*)/g)].map(([, name, value]) => [name, value]));

  const psqlArgs = ['-h', settings.DB_HOST, '-p', settings.DB_PORT, '-U', settings.DB_USER];

  // The script made a database for its probe; each scenario makes its own instead.
  execFileSync('psql', [...psqlArgs, '-qc', 'DROP DATABASE IF EXISTS faults_probe', 'postgres']);

  return {
    FAULTS_PG_HOST: settings.DB_HOST,
    FAULTS_PG_PORT: settings.DB_PORT,
    FAULTS_PG_USER: settings.DB_USER,
    FAULTS_PG_PASSWORD: settings.DB_PASSWORD,
  };
}

const PARTS = [
  { name: 'kill, SQLite', args: ['kill.js', '--db', 'sqlite'], timeoutMs: 10 * 60_000 },
  { name: 'kill, PostgreSQL', args: ['kill.js', '--db', 'postgres'], timeoutMs: 10 * 60_000, postgres: true },
  {
    name: 'aborts and fuzz, SQLite',
    args: ['requests.js', '--db', 'sqlite', '--disable-plugins', 'workflow-request-interceptor'],
    timeoutMs: 15 * 60_000,
  },
];

function main() {
  buildServer();

  const pgEnv = postgresEnv();
  const failed = [];

  for (const part of PARTS) {
    const args = [...part.args, '--no-build', ...(quick ? ['--requests', '60', '--fuzz', '1000', '--aborts', '30'] : [])];
    const started = Date.now();

    log(`== ${part.name}`);

    const result = spawnSync(process.execPath, args, {
      cwd: __dirname,
      stdio: 'inherit',
      timeout: part.timeoutMs,
      killSignal: 'SIGTERM',
      env: { ...process.env, ...(part.postgres ? pgEnv : {}) },
    });
    const seconds = Math.round((Date.now() - started) / 1000);

    log(`== ${part.name}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);

    if (result.status !== 0) {
      failed.push(part.name);
    }
  }

  if (failed.length) {
    log(`failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main();
