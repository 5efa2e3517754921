import os from 'os';
import path from 'path';

// The NocoBase test app reads its configuration from the environment; without these,
// plugins given by name fail to load and nothing says so.
const root = path.resolve(__dirname, '../../..');
const scratch = path.join(os.tmpdir(), `action-trigger-test-${process.pid}`);

const defaults: Record<string, string> = {
  NODE_MODULES_PATH: path.join(root, 'node_modules'),
  APP_KEY: 'test-key-for-post-action-trigger',
  APP_ENV: 'test',
  DB_DIALECT: 'sqlite',
  STORAGE_PATH: path.join(scratch, 'storage'),
  PLUGIN_STORAGE_PATH: path.join(scratch, 'plugins'),
  CACHE_DEFAULT_STORE: 'memory',
  // Logs go to files of this run, out of the test output; the logging test reads them.
  LOGGER_LEVEL: 'debug',
  LOGGER_TRANSPORT: 'file',
  LOGGER_BASE_PATH: path.join(scratch, 'logs'),
};

for (const [name, value] of Object.entries(defaults)) {
  if (!process.env[name]) {
    process.env[name] = value;
  }
}
