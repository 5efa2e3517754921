import type { Database } from '@nocobase/database';

interface SequelizeOptions {
  dialect?: string;
  storage?: string;
  transactionType?: string;
  retry?: { max?: number; match?: unknown[] };
}

interface SqliteConnection {
  configure?(option: 'busyTimeout', milliseconds: number): void;
}

interface ConnectionManager {
  getConnection(options?: object): Promise<SqliteConnection>;
}

export interface SqliteLocking {
  /** Retries of a statement that found the database locked (Sequelize's default is 5). */
  retries: number;
  /** How long SQLite itself waits for a lock, e.g. a COMMIT for readers to finish. */
  busyTimeoutMs: number;
}

const PATCHED = Symbol.for('workflow-action-trigger.sqliteLocking');

/**
 * A file SQLite database is opened once per transaction, and one connection writes at a
 * time. A transaction that begins DEFERRED, reads, then writes cannot wait for the lock:
 * SQLite answers SQLITE_BUSY at once, and that is what leaves a workflow engine's execution
 * "queueing", or fails a sync workflow, when two requests overlap. So transactions take the
 * write lock when they begin (IMMEDIATE), where a busy answer is safe to retry; Sequelize
 * retries busy statements with its own back-off, which waits without holding one of libuv's
 * four worker threads; and SQLite's own busy wait is kept short (a COMMIT waiting for readers),
 * because a long one holds a worker thread that the lock's owner may need to finish.
 * In-memory databases share one connection and are left as they are. Returns whether it applied.
 */
export function applySqliteLocking(db: Database, { retries, busyTimeoutMs }: SqliteLocking): boolean {
  const sequelize = db.sequelize as unknown as { options: SequelizeOptions; connectionManager: ConnectionManager };
  const { options } = sequelize;

  if (options.dialect !== 'sqlite' || !options.storage || options.storage === ':memory:' || !retries) {
    return false;
  }

  options.transactionType = 'IMMEDIATE';
  options.retry = { ...options.retry, max: Math.max(options.retry?.max ?? 0, retries) };

  const manager = sequelize.connectionManager as ConnectionManager & { [PATCHED]?: true };

  if (!manager[PATCHED] && busyTimeoutMs > 0) {
    const getConnection = manager.getConnection.bind(manager);

    manager.getConnection = async (connectionOptions?: object) => {
      const connection = await getConnection(connectionOptions);

      connection.configure?.('busyTimeout', busyTimeoutMs);

      return connection;
    };
    manager[PATCHED] = true;
  }

  return true;
}
