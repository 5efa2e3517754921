/** How the outbox paces delivery and redelivery; every value can be set per app. */
export interface OutboxSettings {
  /** Wait after the response before starting a workflow, as the built-in trigger does. */
  dispatchDelayMs: number;
  /** A record older than this without an execution is taken as lost and delivered again. */
  graceMs: number;
  /** How often the sweep for lost records runs; 0 turns the periodic sweep off. */
  sweepIntervalMs: number;
  /** Records handed to the engine per sweep, so one sweep never holds the database long. */
  sweepBatch: number;
  /** After this many deliveries without an execution a record is marked `failed`. */
  maxAttempts: number;
  /** Loop guard: async events one workflow may receive within `loopWindowMs`. */
  loopLimit: number;
  loopWindowMs: number;
  /** File SQLite only: retries of a statement that found the database locked; 0 leaves SQLite alone. */
  sqliteLockRetries: number;
  /** File SQLite only: SQLite's own wait for a lock; kept short, see sqlite-locking.ts. */
  sqliteBusyTimeoutMs: number;
}

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  dispatchDelayMs: 100,
  graceMs: 60_000,
  sweepIntervalMs: 60_000,
  sweepBatch: 200,
  maxAttempts: 10,
  loopLimit: 1_000,
  loopWindowMs: 60_000,
  sqliteLockRetries: 30,
  sqliteBusyTimeoutMs: 2,
};

/** Environment variables an operator can set without touching the plugin's options. */
const ENV_NAMES: Record<keyof OutboxSettings, string> = {
  dispatchDelayMs: 'WORKFLOW_ACTION_TRIGGER_DISPATCH_DELAY_MS',
  graceMs: 'WORKFLOW_ACTION_TRIGGER_OUTBOX_GRACE_MS',
  sweepIntervalMs: 'WORKFLOW_ACTION_TRIGGER_OUTBOX_SWEEP_MS',
  sweepBatch: 'WORKFLOW_ACTION_TRIGGER_OUTBOX_SWEEP_BATCH',
  maxAttempts: 'WORKFLOW_ACTION_TRIGGER_OUTBOX_MAX_ATTEMPTS',
  loopLimit: 'WORKFLOW_ACTION_TRIGGER_LOOP_LIMIT',
  loopWindowMs: 'WORKFLOW_ACTION_TRIGGER_LOOP_WINDOW_MS',
  sqliteLockRetries: 'WORKFLOW_ACTION_TRIGGER_SQLITE_LOCK_RETRIES',
  sqliteBusyTimeoutMs: 'WORKFLOW_ACTION_TRIGGER_SQLITE_BUSY_TIMEOUT_MS',
};

/**
 * Defaults, overridden by the environment, overridden by the plugin's options (`outbox`
 * key). A value that is not a non-negative number is ignored rather than half-applied.
 */
export function resolveOutboxSettings(
  options: Partial<Record<keyof OutboxSettings, unknown>> = {},
  env: NodeJS.ProcessEnv = process.env,
): OutboxSettings {
  const settings = { ...DEFAULT_OUTBOX_SETTINGS };

  for (const name of Object.keys(settings) as Array<keyof OutboxSettings>) {
    const value = firstNumber(options[name], env[ENV_NAMES[name]]);

    if (value !== undefined) {
      settings[name] = value;
    }
  }

  return settings;
}

function firstNumber(...values: unknown[]): number | undefined {
  for (const value of values) {
    if (value === undefined || value === null || value === '') {
      continue;
    }

    const number = Number(value);

    if (Number.isFinite(number) && number >= 0) {
      return number;
    }
  }

  return undefined;
}
