import type { Database } from '@nocobase/database';

interface SqliteConnection {
  configure?(option: 'busyTimeout', milliseconds: number): void;
}

interface ConnectionManager {
  getConnection(options?: object): Promise<SqliteConnection>;
}

interface SequelizeOptions {
  dialect?: string;
  storage?: string;
  transactionType?: string;
}

const PATCHED = Symbol.for('workflow-action-trigger.sqliteBusyTimeout');

/**
 * A file SQLite database is opened once per transaction, and SQLite lets one of them write
 * at a time; without a busy timeout the others fail at once with SQLITE_BUSY. That is what
 * leaves a workflow engine's execution "queueing", or fails a sync workflow, when a request
 * writes while another execution runs. Each new connection is told to wait up to
 * `timeoutMs` for the lock instead, and transactions take the lock when they begin. In-memory
 * databases share one connection and are left as they are.
 */
export function applySqliteBusyTimeout(db: Database, timeoutMs: number): boolean {
  const options = (db.sequelize as unknown as { options: SequelizeOptions }).options;

  if (options.dialect !== 'sqlite' || !options.storage || options.storage === ':memory:' || !timeoutMs) {
    return false;
  }

  const manager = (db.sequelize as unknown as { connectionManager: ConnectionManager & { [PATCHED]?: true } })
    .connectionManager;

  if (manager[PATCHED]) {
    return true;
  }

  // A deferred transaction that reads, then writes, cannot wait for the lock: SQLite answers
  // SQLITE_BUSY at once to avoid a deadlock. Taking the write lock at BEGIN lets it wait.
  options.transactionType = 'IMMEDIATE';

  const getConnection = manager.getConnection.bind(manager);

  manager.getConnection = async (connectionOptions?: object) => {
    const connection = await getConnection(connectionOptions);

    connection.configure?.('busyTimeout', timeoutMs);

    return connection;
  };
  manager[PATCHED] = true;

  return true;
}
