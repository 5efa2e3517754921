/**
 * Smoke test of the real app (`npm run test:app`): NocoBase 2.2 from the registry runs as a
 * separate process on a temporary storage folder, with our plugin and the demo; the README's
 * curl calls are made over plain HTTP.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import portfinder from 'portfinder';
import { launchApp, type LaunchedApp } from '../../../scripts/app/launcher';

interface Execution {
  id: number;
  key: string;
  status: number | null;
  context: { data?: { id?: number }; action?: string };
}

const OUR_PACKAGE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
const RESOLVED = 1;
const PENDING = 0;

let app: LaunchedApp;
let storageDir: string;
let token: string;

async function api<T>(method: 'GET' | 'POST', action: string, body?: object): Promise<T> {
  const response = await fetch(`${app.baseUrl}/api/${action}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'X-Role': 'root', 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const payload = await response.json();

  if (!response.ok) {
    throw new Error(`${method} ${action}: ${response.status} ${JSON.stringify(payload)}`);
  }

  return payload.data as T;
}

/** Polls until `probe` returns a value; the test's timeout bounds the wait. */
async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();

    if (value !== undefined) {
      return value;
    }

    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function settledExecutionOf(workflowKey: string, recordId: number) {
  const filter = encodeURIComponent(JSON.stringify({ key: workflowKey }));

  return waitFor(async () => {
    const executions = await api<Execution[]>('GET', `executions:list?filter=${filter}&sort=-id&pageSize=50`);

    return executions.find(
      (execution) => execution.context?.data?.id === recordId && execution.status !== null && execution.status !== 0,
    );
  });
}

beforeAll(async () => {
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smoke-app-'));
  const port = await portfinder.getPortPromise({ port: 13300 });

  app = await launchApp({ storageDir, port });
  token = await app.signIn();
});

afterAll(async () => {
  await app?.stop();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

test('the app loads our package under the built-in plugin name', async () => {
  const enabled = await api<{ packageName: string; url: string }[]>('GET', 'pm:listEnabled');
  const ours = enabled.find((plugin) => plugin.packageName === OUR_PACKAGE.name);

  expect(ours?.url).toMatch(/dist\/client\/index\.js/);

  const plugin = await api<{ version: string; packageJson: { description: string } }>(
    'GET',
    'pm:get?filterByTk=workflow-action-trigger',
  );

  // The built-in copy is 2.2.15 with another description.
  expect(plugin.version).toBe(OUR_PACKAGE.version);
  expect(plugin.packageJson.description).toBe(OUR_PACKAGE.description);
});

test("the README's curl example fires the bound workflow, which approves a small amount", async () => {
  const reviewKey = app.demo!.reviewKey;
  const created = await api<{ id: number }>('POST', `reimbursements:create?triggerWorkflows=${reviewKey}`, {
    projectName: 'Conference trip',
    amount: 320,
  });

  const execution = await settledExecutionOf(reviewKey, created.id);

  expect(execution.status).toBe(RESOLVED);
  // Our trigger's context names the action; the built-in one does not.
  expect(execution.context.action).toBe('create');

  const record = await api<{ status: string }>('GET', `reimbursements:get?filterByTk=${created.id}`);

  expect(record.status).toBe('Approved');
});

test('a large amount waits for the administrator, who approves it; the global workflow needs no binding', async () => {
  const created = await api<{ id: number }>('POST', 'reimbursements:create', {
    projectName: 'New laptop',
    amount: 1800,
  });
  const intake = await settledExecutionOf(app.demo!.intakeKey, created.id);

  expect(intake.status).toBe(RESOLVED);

  const bound = await api<{ id: number }>('POST', `reimbursements:create?triggerWorkflows=${app.demo!.reviewKey}`, {
    projectName: 'Team offsite',
    amount: 900,
  });
  const filter = encodeURIComponent(JSON.stringify({ key: app.demo!.reviewKey }));
  const review = await waitFor(async () => {
    const executions = await api<(Execution & { jobs: { status: number }[] })[]>(
      'GET',
      `executions:list?filter=${filter}&appends[]=jobs&sort=-id`,
    );
    const execution = executions.find((candidate) => candidate.context?.data?.id === bound.id);

    // Waiting at the manual node: the execution is started and its last job is pending.
    return execution?.jobs.some((job) => job.status === PENDING) ? execution : undefined;
  });

  expect(review.status).toBe(PENDING);

  // The administrator approves: the execution goes on and sets the status.
  const taskFilter = encodeURIComponent(JSON.stringify({ executionId: review.id }));
  const [task] = await api<{ id: number }[]>('GET', `workflowManualTasks:list?filter=${taskFilter}`);

  await api('POST', `workflowManualTasks:submit?filterByTk=${task.id}`, { result: { review: {}, _: 'approve' } });

  const approved = await settledExecutionOf(app.demo!.reviewKey, bound.id);

  expect(approved.status).toBe(RESOLVED);

  const record = await api<{ status: string }>('GET', `reimbursements:get?filterByTk=${bound.id}`);

  expect(record.status).toBe('Approved');
});
