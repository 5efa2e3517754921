/**
 * The environment a demo app process runs with. NocoBase reads its whole configuration from
 * the environment; the CLI (`nocobase-v1`) fills in what is missing and renders the client's
 * index.html from it.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** Settings of the calling process that must not leak into the app (a test run's DB_*, …). */
const APP_SETTING = /^(APP_|DB_|INIT_|LOGGER_|CACHE_|STORAGE_PATH$|PLUGIN_STORAGE_PATH$|NODE_MODULES_PATH$|LOCAL_STORAGE_DEST$)/;

/** The root user the app creates at install; the README shows this login. */
const ROOT_USER = {
  INIT_ROOT_EMAIL: 'admin@nocobase.com',
  INIT_ROOT_PASSWORD: 'admin123',
  INIT_ROOT_NICKNAME: 'Super Admin',
  INIT_ROOT_USERNAME: 'nocobase',
};

/** A random APP_KEY per storage folder, kept there so that tokens survive a restart. */
function appKeyOf(storageDir) {
  const file = path.join(storageDir, '.app-key');

  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  }

  return fs.readFileSync(file, 'utf8').trim();
}

function withoutAppSettings(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !APP_SETTING.test(name)));
}

/** `--preserve-symlinks` keeps module paths inside the app folder (see app-folder.js). */
function nodeOptions(inherited = '') {
  const flags = new Set(inherited.split(/\s+/).filter(Boolean));

  flags.add('--preserve-symlinks');
  flags.add('--preserve-symlinks-main');

  return [...flags].join(' ');
}

/**
 * @param {object} options
 * @param {string} options.storageDir absolute storage folder (database, uploads, logs, app folder)
 * @param {{ nodeModules: string, binDir: string }} options.folder from prepareAppFolder
 * @param {number} options.port
 * @param {Record<string, string>} options.env overrides, e.g. DB_DIALECT=postgres and DB_*
 */
function buildAppEnv({ storageDir, folder, port, env }) {
  return {
    ...withoutAppSettings(process.env),
    APP_ENV: 'production',
    APP_KEY: appKeyOf(storageDir),
    APP_HOST: '127.0.0.1',
    DB_DIALECT: 'sqlite',
    DB_STORAGE: path.join(storageDir, 'db/nocobase.sqlite'),
    INIT_APP_LANG: 'en-US',
    ...ROOT_USER,
    // Commercial plugins are not part of this demo; the CLI would try to download them.
    DISABLE_PKG_DOWNLOAD: 'true',
    LOGGER_TRANSPORT: 'console,dailyRotateFile',
    ...env,
    APP_PORT: String(port),
    STORAGE_PATH: storageDir,
    PLUGIN_STORAGE_PATH: path.join(storageDir, 'plugins'),
    NODE_MODULES_PATH: folder.nodeModules,
    NODE_PATH: folder.nodeModules,
    NODE_OPTIONS: nodeOptions(process.env.NODE_OPTIONS),
    PATH: `${folder.binDir}${path.delimiter}${process.env.PATH}`,
  };
}

/** What identifies the database an install went into: another one needs its own install. */
function databaseIdentity(env) {
  if (env.DB_DIALECT === 'sqlite') {
    return `sqlite:${env.DB_STORAGE}`;
  }

  return `${env.DB_DIALECT}://${env.DB_USER || ''}@${env.DB_HOST || ''}:${env.DB_PORT || ''}/${env.DB_DATABASE || ''}`;
}

module.exports = { buildAppEnv, databaseIdentity, ROOT_USER, APP_SETTING };
