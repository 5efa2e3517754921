#!/usr/bin/env node
/**
 * `npm start`: builds the plugin, then runs a real NocoBase app with it and the Reimbursements
 * demo, on http://127.0.0.1:13000 with SQLite under ./storage (see .env.example to change
 * that, e.g. to PostgreSQL). The first start installs the app; later starts reuse its database.
 * Ctrl-C stops the app.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { APP_SETTING } = require('./app/app-env');
const { launchApp, ROOT_USER } = require('./app/launcher');

const ROOT = path.resolve(__dirname, '..');

/** KEY=value lines of `.env`, if there is one; `#` starts a comment. */
function readDotEnv(file) {
  if (!fs.existsSync(file)) {
    return {};
  }

  const settings = {};

  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);

    if (match) {
      settings[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
    }
  }

  return settings;
}

/** `.env`, then the shell's own app settings on top. */
function settings() {
  const fromShell = Object.fromEntries(Object.entries(process.env).filter(([name]) => APP_SETTING.test(name)));
  const merged = { ...readDotEnv(path.join(ROOT, '.env')), ...fromShell };

  // Relative paths in .env are relative to the project, not to the app's working folder.
  for (const name of ['STORAGE_PATH', 'DB_STORAGE']) {
    if (merged[name]) {
      merged[name] = path.resolve(ROOT, merged[name]);
    }
  }

  return merged;
}

function build() {
  console.log('Building the plugin (npm run build)…');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'inherit' });
}

function banner(app, env) {
  const account = env.INIT_ROOT_EMAIL || ROOT_USER.INIT_ROOT_EMAIL;
  const password = env.INIT_ROOT_PASSWORD || ROOT_USER.INIT_ROOT_PASSWORD;
  const lines = [
    '',
    `NocoBase is running at ${app.baseUrl}  (ready in ${(app.timings.readyMs / 1000).toFixed(1)} s)`,
    `  Sign in:    ${account} / ${password}`,
    `  Demo page:  ${app.baseUrl}/admin/${app.demo?.pageUid ?? ''}`,
    `  Workflows:  ${app.baseUrl}/admin/settings/workflow  (local key: ${app.demo?.reviewKey ?? '-'})`,
    `  Logs:       ${app.logFile}  and ${path.join(app.storageDir, 'logs/main')}/`,
    `  App memory: ${Math.round(app.residentBytes() / 2 ** 20)} MiB resident (pid ${app.pid})`,
    '',
    'Press Ctrl-C to stop.',
  ];

  console.log(lines.join('\n'));
}

async function main() {
  const env = settings();
  const storageDir = env.STORAGE_PATH || path.join(ROOT, 'storage');
  const port = Number(env.APP_PORT || 13000);
  let app;
  let stopping = false;

  const shutdown = async (signal) => {
    if (stopping) {
      return;
    }
    stopping = true;

    if (!app) {
      // Still starting: exiting kills the app (launcher.js watches for it).
      process.exit(130);
    }

    console.log(`\n${signal}: stopping the app…`);
    await app.stop();
    console.log('Stopped.');
    process.exit(0);
  };

  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  build();
  app = await launchApp({
    storageDir,
    port,
    env,
    log: (message) => console.log(`[start] ${message}`),
  });
  banner(app, env);

  const code = await app.exited;

  if (!stopping) {
    console.error(`The app exited by itself (code ${code}); see ${app.logFile}`);
    process.exit(code || 1);
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
