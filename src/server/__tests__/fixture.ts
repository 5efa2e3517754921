import { mockDatabase } from '@nocobase/database';
import { SequelizeDataSource } from '@nocobase/data-source-manager';
import { EXECUTION_STATUS, JOB_STATUS } from '@nocobase/plugin-workflow';
import type PluginWorkflowServer from '@nocobase/plugin-workflow';
import { createMockServer, type ExtendedAgent, type MockServer } from '@nocobase/test';
import { OUTBOX_COLLECTION } from '../outbox';
import PluginWorkflowActionTriggerServer from '../plugin';

export { EXECUTION_STATUS, JOB_STATUS };

/** The plugins every fixture app loads before ours, in an order NocoBase accepts. */
const BASE_PLUGINS = [
  'field-sort',
  'users',
  'auth',
  'acl',
  'data-source-manager',
  'data-source-main',
  'workflow',
  'workflow-response-message',
];

/**
 * Our plugin is given as a class, never by name: the name `workflow-action-trigger` would
 * resolve to NocoBase's built-in package, which the app dependency also installs.
 */
export const OUR_PLUGIN = PluginWorkflowActionTriggerServer;

/** The collections of the reference fixture, defined on one database. */
const COLLECTIONS = [
  {
    name: 'posts',
    createdBy: true,
    updatedBy: true,
    fields: [
      { type: 'string', name: 'title' },
      { type: 'boolean', name: 'published', defaultValue: false },
      { type: 'integer', name: 'read', defaultValue: 0 },
      { type: 'string', name: 'secret', hidden: true },
      { type: 'belongsTo', name: 'category', target: 'categories', foreignKey: 'categoryId' },
      { type: 'hasMany', name: 'comments', target: 'comments', foreignKey: 'postId' },
      {
        type: 'belongsToMany',
        name: 'tags',
        target: 'tags',
        through: 'postsTags',
        foreignKey: 'postId',
        otherKey: 'tagId',
      },
    ],
  },
  {
    name: 'categories',
    fields: [
      { type: 'string', name: 'title', allowNull: false },
      { type: 'hasMany', name: 'posts', target: 'posts', foreignKey: 'categoryId' },
    ],
  },
  {
    name: 'comments',
    fields: [
      { type: 'belongsTo', name: 'post', target: 'posts', foreignKey: 'postId' },
      { type: 'text', name: 'content' },
      { type: 'integer', name: 'status' },
    ],
  },
  {
    name: 'tags',
    fields: [
      { type: 'string', name: 'name' },
      {
        type: 'belongsToMany',
        name: 'posts',
        target: 'posts',
        through: 'postsTags',
        foreignKey: 'tagId',
        otherKey: 'postId',
      },
    ],
  },
  {
    name: 'postsTags',
    autoGenId: false,
    timestamps: false,
    filterTargetKey: ['postId', 'tagId'],
    fields: [
      { type: 'bigInt', name: 'postId', primaryKey: true },
      { type: 'bigInt', name: 'tagId', primaryKey: true },
      { type: 'string', name: 'note' },
      { type: 'belongsTo', name: 'post', target: 'posts', foreignKey: 'postId' },
      { type: 'belongsTo', name: 'tag', target: 'tags', foreignKey: 'tagId' },
    ],
  },
];

export interface FixtureOptions {
  /** Load `plugin-error-handler` (the default); false proves the plugin does not need it. */
  errorHandler?: boolean;
  /** Add the second data source `another` with the same collections. */
  anotherDataSource?: boolean;
}

export interface Fixture {
  app: MockServer;
  workflowPlugin: PluginWorkflowServer;
  plugin: PluginWorkflowActionTriggerServer;
  root: { id: number };
  member: { id: number };
  rootAgent: ExtendedAgent;
  memberAgent: ExtendedAgent;
  /** Where the API is served (`/api`), for requests built by hand. */
  apiPrefix: string;
  /** Same member, anonymous-free but without the `member` role's permissions elsewhere. */
  agentFor(user: { id: number }, roleName?: string): Promise<ExtendedAgent>;
}

/**
 * A real NocoBase app with ACL on, the workflow plugin and ours, the reference collections,
 * a root user, a member user with a limited `member` role and, on request, a second data
 * source. One per test file: tests clean what they create through `resetData`.
 */
export async function createFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const { errorHandler = true, anotherDataSource = false } = options;
  // data-source-main cannot load without error-handler, and the fixture defines its
  // collections on the database directly, so both go together.
  const base = errorHandler ? ['error-handler', ...BASE_PLUGINS] : BASE_PLUGINS.filter((name) => name !== 'data-source-main');
  const plugins = [...base, OUR_PLUGIN];

  const app = await createMockServer({
    acl: true,
    plugins: plugins as never,
  });

  await defineCollections(app);

  if (anotherDataSource) {
    await addAnotherDataSource(app);
  }

  const root = (await app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } })) as never as {
    id: number;
  };
  const member = (await app.db.getRepository('users').create({
    values: { nickname: 'member', username: 'member', password: 'secret-password', roles: ['member'] },
  })) as never as { id: number };

  registerTestInstructions(app.pm.get('workflow') as PluginWorkflowServer);

  const agentFor = (user: { id: number }, roleName?: string) =>
    app.agent().login(user as never, roleName) as Promise<ExtendedAgent>;
  const rootAgent = await agentFor(root, 'root');

  // NocoBase installs a `member` role; the fixture pins what it may do, through the API so
  // that the ACL is updated the way an administrator's change would update it.
  const updated = await rootAgent.resource('roles').update({
    filterByTk: 'member',
    values: { strategy: { actions: ['view', 'create', 'update'] } },
  });

  if (updated.status !== 200) {
    throw new Error(`could not set the member role's strategy: ${JSON.stringify(updated.body)}`);
  }

  return {
    app,
    workflowPlugin: app.pm.get('workflow') as PluginWorkflowServer,
    plugin: app.pm.get(PluginWorkflowActionTriggerServer) as PluginWorkflowActionTriggerServer,
    root,
    member,
    rootAgent,
    memberAgent: await agentFor(member, 'member'),
    apiPrefix: (app.resourcer.options as { prefix?: string }).prefix ?? '',
    agentFor,
  };
}

/**
 * Defines the collections on the main database. `asStrategyResource` makes the ACL apply
 * role strategies to them, as it does for collections made in the UI.
 */
async function defineCollections(app: MockServer): Promise<void> {
  for (const collection of COLLECTIONS) {
    app.db.collection({ ...collection, asStrategyResource: true } as never);
  }

  await app.db.sync();
}

/**
 * Nodes whose outcome a test needs and no built-in node gives on demand: one that waits
 * (as a manual approval would) and one that fails with an error. They run in the real engine.
 */
function registerTestInstructions(workflowPlugin: PluginWorkflowServer): void {
  workflowPlugin.registerInstruction('test-wait', {
    run: () => ({ status: JOB_STATUS.PENDING }),
  });
  workflowPlugin.registerInstruction('test-error', {
    run: () => {
      throw new Error('test-error node failed on purpose');
    },
  });
}

async function addAnotherDataSource(app: MockServer): Promise<void> {
  const database = mockDatabase({ tablePrefix: 'another_' } as never);
  const dataSource = new SequelizeDataSource({
    name: 'another',
    collectionManager: { database },
    resourceManager: {},
  });

  await app.dataSourceManager.add(dataSource as never);

  for (const collection of COLLECTIONS) {
    dataSource.collectionManager.defineCollection(collection as never);
  }

  await dataSource.collectionManager.sync();
  dataSource.acl.allow('*', '*', 'loggedIn');
}

/**
 * Registers the hooks of a test file that shares one app: created before its tests, reset
 * after each, destroyed at the end. The returned object is filled in by `beforeAll`.
 */
export function useFixture(options: FixtureOptions = {}): Fixture {
  const fx = {} as Fixture;

  beforeAll(async () => {
    Object.assign(fx, await createFixture(options));
  });

  afterAll(async () => {
    await fx.app?.destroy();
  });

  afterEach(async () => {
    await resetData(fx.app);
  });

  return fx;
}

/**
 * Empties the fixture collections, workflows, executions and the outbox between tests, once every
 * execution a test started has finished (truncating under a running one breaks it).
 */
export async function resetData(app: MockServer): Promise<void> {
  await waitFor(
    async () => (await app.db.getRepository('executions').count({ filter: { $or: [{ status: null }, { status: 0 }] } })) === 0,
    10_000,
    'running executions to finish before the reset',
  );

  const workflows = await app.db.getRepository('workflows').find({ filter: { enabled: true } });

  for (const workflow of workflows) {
    await workflow.update({ enabled: false });
  }

  for (const name of ['jobs', 'executions', 'flow_nodes', 'workflows']) {
    await app.db.getRepository(name).destroy({ truncate: true });
  }

  for (const name of [...COLLECTIONS.map((collection) => collection.name), OUTBOX_COLLECTION]) {
    await app.db.getRepository(name).destroy({ truncate: true });
  }
}

export interface NodeSpec {
  type: string;
  config?: Record<string, unknown>;
  title?: string;
}

export interface WorkflowSpec {
  title?: string;
  sync?: boolean;
  enabled?: boolean;
  config: Record<string, unknown>;
  nodes?: NodeSpec[];
}

/** Creates an `action` workflow through the repository, with a chain of nodes. */
export async function createWorkflow(app: MockServer, spec: WorkflowSpec) {
  const workflow = await app.db.getRepository('workflows').create({
    values: {
      title: spec.title ?? 'post-action workflow',
      type: 'action',
      sync: spec.sync ?? false,
      enabled: false,
      config: spec.config,
    },
  });

  await addNodes(workflow, spec.nodes ?? []);

  if (spec.enabled ?? true) {
    await workflow.update({ enabled: true });
  }

  return workflow as typeof workflow & { id: number; key: string };
}

/** Appends nodes one after another on the main branch of a workflow. */
export async function addNodes(workflow: any, nodes: NodeSpec[]): Promise<void> {
  let upstream: any = null;

  for (const spec of nodes) {
    const node = await workflow.createNode({
      type: spec.type,
      title: spec.title ?? spec.type,
      config: spec.config ?? {},
      upstreamId: upstream?.id ?? null,
    });

    if (upstream) {
      await upstream.update({ downstreamId: node.id });
    }

    upstream = node;
  }
}

/** Polls until `check` returns a truthy value or the time is up; never a fixed sleep. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  label = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = await check();

    if (value) {
      return value as NonNullable<T>;
    }

    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    }

    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function executionsOf(app: MockServer, workflow: { id: number }) {
  return app.db.getRepository('executions').find({ filter: { workflowId: workflow.id }, sort: ['id'] });
}

/** Waits until the workflow has `count` executions, all finished, and returns them. */
export async function waitForExecutions(app: MockServer, workflow: { id: number }, count: number) {
  return waitFor(
    async () => {
      const executions = await executionsOf(app, workflow);
      const finished = executions.filter((execution: any) => execution.status !== null && execution.status !== 0);

      return executions.length >= count && finished.length === executions.length ? executions : null;
    },
    10_000,
    `${count} finished execution(s) of workflow ${workflow.id}`,
  );
}
