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

/** The plugin's lines in the app's system logs, as NocoBase's file transport writes them. */
function pluginLines(): LogLine[] {
  const folder = path.join(process.env.STORAGE_PATH as string, 'logs', 'main');

  return ['system.log', 'system_error.log']
    .map((name) => path.join(folder, name))
    .filter((file) => fs.existsSync(file))
    .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.module === LOG_MODULE);
}

const findLine = (predicate: (line: LogLine) => boolean, label: string) =>
  waitFor(() => pluginLines().find(predicate), 5000, label);

describe('logging', () => {
  const fx = useFixture();

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
