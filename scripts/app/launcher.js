/**
 * Starts a real NocoBase 2.2 app, from the registry packages, with our plugin in place of the
 * built-in post-action trigger. Used by `npm start`, the smoke test and other test helpers.
 *
 *   const app = await launchApp({ storageDir: '/tmp/x' });
 *   const token = await app.signIn();
 *   …
 *   await app.stop();
 *
 * The app runs through NocoBase's own CLI (`nocobase-v1 install`, then
 * `nocobase-v1 start --launch-mode node`) in a process group of its own, so that stop() and
 * kill() reach the CLI and the server it starts, and nothing is left behind.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { buildAppEnv, databaseIdentity, ROOT_USER } = require('./app-env');
const { prepareAppFolder } = require('./app-folder');
const { apiClient, signIn, waitForOk } = require('./http');
const { seedDemo: seed } = require('./demo-seed');

const STOP_GRACE_MS = 30_000;
const SERVER_ENTRY = '@nocobase/app/lib/index.js';

/** Which install a storage folder holds, so a later start skips `install`. */
const INSTALL_MARKER = '.installed';
/** Which build of our plugin the last start loaded. */
const PLUGIN_MARKER = '.plugin-build';

/** Whether something already listens on the port: its answers would pass for ours. */
function portTaken(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });

    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;

  while (!condition()) {
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return true;
}

/** The node process serving the app: the CLI's grandchild, in the same process group. */
function findServerPid(pgid) {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }

    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');

      if (Number(fields[2]) === pgid && cmdline[0].endsWith('node') && cmdline[1]?.endsWith(SERVER_ENTRY)) {
        return Number(entry);
      }
    } catch {
      // The process ended while we looked.
    }
  }

  return undefined;
}

/** Resident memory of a process, in bytes. */
function residentBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /VmRSS:\s+(\d+)/.exec(status)?.[1];

  return Number(kilobytes) * 1024;
}

function runCli(folder, env, args, logFd, { detached }) {
  return spawn(process.execPath, [folder.cli, ...args], {
    cwd: folder.appDir,
    env,
    stdio: ['ignore', logFd, logFd],
    detached,
  });
}

function exitOf(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode);
    } else {
      child.once('exit', (code) => resolve(code));
    }
  });
}

/** A fingerprint of the plugin copy the app loads: another build may bring new collections. */
function pluginFingerprint(pluginDir) {
  const hash = crypto.createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);

      if (entry.isDirectory()) {
        walk(file);
      } else {
        hash.update(entry.name).update(fs.readFileSync(file));
      }
    }
  };

  walk(pluginDir);
  return hash.digest('hex');
}

/**
 * Whether the plugin changed since the last start. NocoBase creates a plugin's new tables and
 * runs its new migrations on `upgrade` (what a user runs after updating a plugin); the version
 * number alone would not tell, so the build's fingerprint does.
 */
function pluginChanged(storageDir, pluginDir) {
  const file = path.join(storageDir, PLUGIN_MARKER);
  const fingerprint = pluginFingerprint(pluginDir);
  const changed = !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== fingerprint;

  return { changed, remember: () => fs.writeFileSync(file, fingerprint) };
}

async function runToEnd(folder, env, args, logFd, logFile) {
  const code = await exitOf(runCli(folder, env, args, logFd, { detached: false }));

  if (code !== 0) {
    throw new Error(`nocobase ${args.join(' ')} failed (exit ${code}); see ${logFile}`);
  }
}

async function installIfNeeded({ storageDir, folder, env, logFd, logFile, log }) {
  const marker = path.join(storageDir, INSTALL_MARKER);
  const identity = databaseIdentity(env);

  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === identity) {
    return false;
  }

  log(`installing the app into ${identity} (first start)`);
  // `install` leaves an installed database as it is, so a lost marker costs time, not data.
  await runToEnd(folder, env, ['install'], logFd, logFile);
  fs.writeFileSync(marker, identity);
  return true;
}

/**
 * @param {object} options
 * @param {string} options.storageDir where the database, uploads, logs and app folder live
 * @param {number} [options.port=13000]
 * @param {Record<string, string>} [options.env] app settings, e.g. DB_DIALECT=postgres, DB_*
 * @param {boolean} [options.seedDemo=true] create the Reimbursements demo (idempotent)
 * @param {(message: string) => void} [options.log] progress messages
 */
async function launchApp({ storageDir, port = 13000, env = {}, seedDemo = true, log = () => {} }) {
  const storage = path.resolve(storageDir);
  const logsDir = path.join(storage, 'logs');
  const logFile = path.join(logsDir, 'app.log');
  const baseUrl = `http://127.0.0.1:${port}`;

  if (await portTaken(port)) {
    throw new Error(`port ${port} is already in use (another app running?)`);
  }

  fs.mkdirSync(logsDir, { recursive: true });

  const folder = prepareAppFolder(storage);
  const appEnv = buildAppEnv({ storageDir: storage, folder, port, env });
  const logFd = fs.openSync(logFile, 'a');
  const startedAt = Date.now();

  let child;
  let installed;

  try {
    installed = await installIfNeeded({ storageDir: storage, folder, env: appEnv, logFd, logFile, log });

    const plugin = pluginChanged(storage, folder.pluginDir);

    if (plugin.changed && !installed) {
      log('the plugin changed since the last start: nocobase upgrade (new tables, migrations)');
      await runToEnd(folder, appEnv, ['upgrade', '--skip-code-update'], logFd, logFile);
    }
    plugin.remember();

    log(`starting the app on ${baseUrl}`);
    child = runCli(folder, appEnv, ['start', '--launch-mode', 'node'], logFd, { detached: true });
  } finally {
    fs.closeSync(logFd);
  }

  const pgid = child.pid;
  let exited = false;
  const exited$ = exitOf(child).then((code) => {
    exited = true;
    return code;
  });
  // If the caller dies first, the app must not outlive it.
  const killOnExit = () => groupAlive(pgid) && process.kill(-pgid, 'SIGKILL');

  process.once('exit', killOnExit);

  const kill = (signal = 'SIGKILL') => {
    if (groupAlive(pgid)) {
      process.kill(-pgid, signal);
    }
  };

  const stop = async () => {
    kill('SIGINT');
    let timer;

    await Promise.race([exited$, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timer);

    if (!(await waitUntil(() => !groupAlive(pgid), 5_000))) {
      kill('SIGKILL');
      await waitUntil(() => !groupAlive(pgid), 5_000);
    }
    process.removeListener('exit', killOnExit);
  };

  const signInAs = (account = ROOT_USER.INIT_ROOT_EMAIL, password = ROOT_USER.INIT_ROOT_PASSWORD) =>
    signIn(baseUrl, account, password);

  try {
    await waitForOk(`${baseUrl}/api/__health_check`, { stillRunning: () => !exited });

    const readyAt = Date.now();
    const handle = {
      baseUrl,
      pid: findServerPid(pgid) ?? pgid,
      logFile,
      storageDir: storage,
      env: appEnv,
      timings: { installed, readyMs: readyAt - startedAt },
      /** Resolves with the CLI's exit code when the app ends, however it ends. */
      exited: exited$,
      stop,
      kill,
      signIn: signInAs,
      residentBytes: () => residentBytes(handle.pid),
    };

    if (seedDemo) {
      const api = apiClient(baseUrl, await signInAs());

      handle.demo = await seed(api, { log });
    }

    return handle;
  } catch (error) {
    await stop();
    throw new Error(`${error.message} (app log: ${logFile})`, { cause: error });
  }
}

module.exports = { launchApp, ROOT_USER };
