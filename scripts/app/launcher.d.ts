/** Types of launcher.js, for TypeScript tests and helpers. */

export interface LaunchOptions {
  /** Where the database (SQLite), uploads, logs and the app folder live; created if missing. */
  storageDir: string;
  /** Listens on 127.0.0.1:<port>. Default 13000. */
  port?: number;
  /** App settings, e.g. `{ DB_DIALECT: 'postgres', DB_HOST, DB_PORT, DB_DATABASE, DB_USER, DB_PASSWORD }`. */
  env?: Record<string, string>;
  /** Create the Reimbursements demo (idempotent). Default true. */
  seedDemo?: boolean;
  /** Progress messages of the launcher (not the app's log). */
  log?: (message: string) => void;
}

export interface DemoInfo {
  /** Key of the local-mode workflow bound to the Add form's Submit button. */
  reviewKey: string;
  /** Key of the global-mode workflow on the same collection. */
  intakeKey: string;
  pageUid: string;
  collection: string;
}

export interface LaunchedApp {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** The node process serving the app. */
  pid: number;
  /** The app's stdout and stderr. */
  logFile: string;
  storageDir: string;
  /** The environment the app runs with. */
  env: Record<string, string>;
  timings: { installed: boolean; readyMs: number };
  demo?: DemoInfo;
  /** Resolves with the CLI's exit code when the app ends, however it ends. */
  exited: Promise<number | null>;
  /** SIGINT, then waits for every process of the app to end (SIGKILL after 30 s). */
  stop(): Promise<void>;
  /** Sends a signal (default SIGKILL) to every process of the app, without waiting. */
  kill(signal?: NodeJS.Signals): void;
  /** Signs in (default: the root user) and resolves to a token. */
  signIn(account?: string, password?: string): Promise<string>;
  /** Resident memory of the serving process, in bytes. */
  residentBytes(): number;
}

export declare const ROOT_USER: {
  INIT_ROOT_EMAIL: string;
  INIT_ROOT_PASSWORD: string;
  INIT_ROOT_NICKNAME: string;
  INIT_ROOT_USERNAME: string;
};

export declare function launchApp(options: LaunchOptions): Promise<LaunchedApp>;
