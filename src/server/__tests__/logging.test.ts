import fs from 'fs';
import path from 'path';
import {
  EXECUTION_STATUS,
  createWorkflow,
  waitFor,
  useFixture,
} from './fixture';
import { LOG_MODULE } from '../logger';

interface LogLine {
  level: string;
  message: string;
  module: string;
  meta: Record<string, unknown>;
}

const LOG_FILES = ['system.log', 'system_error.log'];

function logFile(name: string): string {
  return path.join(process.env.STORAGE_PATH as string, 'logs', 'main', name);
}

function sizeOf(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

/**
 * Where each log file ended when the current test began: every test file of the run shares
 * these files, so a test reads only what was written after its own start.
 */
let offsets: Record<string, number> = {};

function markLogs(): void {
  offsets = Object.fromEntries(LOG_FILES.map((name) => [name, sizeOf(logFile(name))]));
}

/** The plugin's lines written since `markLogs`, as NocoBase's file transport writes them. */
function pluginLines(): LogLine[] {
  return LOG_FILES.filter((name) => fs.existsSync(logFile(name)))
    .flatMap((name) => fs.readFileSync(logFile(name)).subarray(offsets[name] ?? 0).toString('utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.module === LOG_MODULE);
}

const findLine = (predicate: (line: LogLine) => boolean, label: string) =>
  waitFor(() => pluginLines().find(predicate), 5000, label);

describe('logging', () => {
  const fx = useFixture();

  beforeEach(markLogs);

  it('warns, with the collection and action, when it refuses a malformed triggerWorkflows', async () => {
    await fx.memberAgent.resource('posts').create({ values: { title: 'x' }, triggerWorkflows: 'k!missing' });

    const line = await findLine((l) => l.level === 'warn' && /malformed/.test(l.message), 'the warning');

    expect(line.meta).toMatchObject({ collection: 'posts', action: 'create' });
    expect(String(line.meta.reason)).toMatch(/"missing" is not a field/);
  });

  it('warns on an End-node interception with the workflow and execution', async () => {
    const workflow = await createWorkflow(fx.app, {
      title: 'guard',
      sync: true,
      config: { collection: 'posts' },
      nodes: [{ type: 'end', config: { endStatus: EXECUTION_STATUS.FAILED } }],
    });

    await fx.memberAgent.resource('posts').create({ values: { title: 'x' }, triggerWorkflows: workflow.key });

    const line = await findLine((l) => l.level === 'warn' && /intercepted/.test(l.message), 'the interception');

    expect(line.meta).toMatchObject({
      workflowId: workflow.id,
      workflowKey: workflow.key,
      workflowTitle: 'guard',
      resource: 'posts',
      action: 'create',
      executionStatus: EXECUTION_STATUS.FAILED,
    });
    expect(line.meta.executionId).toBeTruthy();
  });

  it('logs an error for a sync workflow that fails', async () => {
    const workflow = await createWorkflow(fx.app, {
      title: 'broken',
      sync: true,
      config: { collection: 'posts' },
      nodes: [{ type: 'test-error' }],
    });

    await fx.memberAgent.resource('posts').create({ values: { title: 'x' }, triggerWorkflows: workflow.key });

    const line = await findLine((l) => l.level === 'error' && /"broken" failed/.test(l.message), 'the error');

    expect(line.meta).toMatchObject({ workflowKey: workflow.key, executionStatus: EXECUTION_STATUS.ERROR });
  });
});
