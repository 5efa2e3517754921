/**
 * Seeds the demo of the post-action event docs into a running app, through its HTTP API as
 * the root user. Every step first looks for what it would create, so running it again creates
 * nothing twice.
 *
 * - collection `reimbursements` (project name, applicant → users, amount, status);
 * - local-mode workflow "Reimbursement review": amount ≤ 500 → status "Approved"; otherwise a
 *   manual review by the administrator, then status "Approved";
 * - global-mode workflow "Reimbursement intake" on the same collection, on create;
 * - a "Reimbursements" page: a table with an Add form whose Submit button has the local
 *   workflow bound.
 */
const { COLLECTION, STATUS, PAGE, reimbursementsCollection, pageSchema, pageRoute } = require('./demo-schema');

/** Fixed keys: the README's curl call can name the local workflow without looking it up. */
const WORKFLOW_KEYS = { review: 'demo-reimbursement-review', intake: 'demo-reimbursement-intake' };

/** The manual node's form and its actions, as a submission names them. */
const REVIEW_FORM = { key: 'review', approve: 'approve', reject: 'reject' };

/** `JOB_STATUS` of @nocobase/plugin-workflow. */
const JOB_STATUS = { resolved: 1, rejected: -5 };

/** The update node's filter for "the record that fired the workflow". */
const TRIGGER_RECORD = { $and: [{ id: { $eq: '{{$context.data.id}}' } }] };

function approveNode(upstreamId, branchIndex) {
  return {
    type: 'update',
    title: 'Set status "Approved"',
    upstreamId,
    branchIndex,
    config: {
      collection: COLLECTION,
      usingAssignFormSchema: true,
      assignFormSchema: {},
      params: { filter: TRIGGER_RECORD, values: { status: STATUS.approved } },
    },
  };
}

/** Creates a workflow's nodes; `buildNodes(add)` receives a function adding one node. */
async function createWorkflow(api, values, buildNodes) {
  const workflow = await api.post('workflows:create', { ...values, enabled: false });
  const add = (node) => api.post(`workflows/${workflow.id}/nodes:create`, node);

  await buildNodes(add);
  // Enabled last: a half-built workflow is never live.
  await api.post('workflows:update', { enabled: true }, { filterByTk: String(workflow.id) });

  return workflow;
}

async function findWorkflow(api, key) {
  const found = await api.get('workflows:list', { filter: { key, current: true }, paginate: 'false' });

  return found?.[0];
}

async function ensureCollection(api, log) {
  const existing = await api.get('collections:list', { filter: { name: COLLECTION }, paginate: 'false' });

  if (existing?.length) {
    return false;
  }

  await api.post('collections:create', reimbursementsCollection);
  log(`demo: created collection "${COLLECTION}"`);
  return true;
}

async function ensureReviewWorkflow(api, adminId, log) {
  const existing = await findWorkflow(api, WORKFLOW_KEYS.review);

  if (existing) {
    return existing;
  }

  const workflow = await createWorkflow(
    api,
    {
      key: WORKFLOW_KEYS.review,
      title: 'Reimbursement review',
      description: 'Bound to the Submit button of the Reimbursements Add form (local mode).',
      type: 'action',
      sync: false,
      config: { collection: COLLECTION, global: false, appends: ['applicant'] },
    },
    async (add) => {
      const condition = await add({
        type: 'condition',
        title: 'Amount ≤ 500?',
        config: {
          rejectOnFalse: false,
          engine: 'basic',
          calculation: {
            group: { type: 'and', calculations: [{ calculator: 'lte', operands: ['{{$context.data.amount}}', 500] }] },
          },
        },
      });

      // Condition branches: 1 when true, 0 when false.
      await add(approveNode(condition.id, 1));

      const review = await add({
        type: 'manual',
        title: 'Administrator review',
        upstreamId: condition.id,
        branchIndex: 0,
        // One form, `review`, with two actions: `approve` resolves the node, `reject` ends the
        // execution. `workflowManualTasks:submit` checks a submission against these.
        config: {
          assignees: [adminId],
          mode: 0,
          schema: {},
          forms: {
            [REVIEW_FORM.key]: {
              type: 'custom',
              title: 'Review',
              actions: [
                { key: REVIEW_FORM.approve, status: JOB_STATUS.resolved },
                { key: REVIEW_FORM.reject, status: JOB_STATUS.rejected },
              ],
            },
          },
        },
      });

      await add(approveNode(review.id, null));
    },
  );

  log(`demo: created local workflow "${workflow.title}" (key ${workflow.key})`);
  return workflow;
}

async function ensureIntakeWorkflow(api, log) {
  const existing = await findWorkflow(api, WORKFLOW_KEYS.intake);

  if (existing) {
    return existing;
  }

  const workflow = await createWorkflow(
    api,
    {
      key: WORKFLOW_KEYS.intake,
      title: 'Reimbursement intake',
      description: 'Runs on every create of a reimbursement, from any form or API call (global mode).',
      type: 'action',
      sync: false,
      config: { collection: COLLECTION, global: true, actions: ['create'], appends: ['applicant'] },
    },
    (add) =>
      add({
        type: 'calculation',
        title: 'Review route',
        config: {
          engine: 'formula.js',
          expression: 'IF({{$context.data.amount}} > 500, "administrator review", "automatic approval")',
        },
      }),
  );

  log(`demo: created global workflow "${workflow.title}" (key ${workflow.key})`);
  return workflow;
}

async function ensurePage(api, workflowKey, log) {
  const routes = await api.get('desktopRoutes:list', { filter: { schemaUid: PAGE.pageUid }, paginate: 'false' });

  if (routes?.length) {
    return false;
  }

  await api.post('uiSchemas:insert', pageSchema(workflowKey));
  await api.post('desktopRoutes:create', pageRoute());
  log(`demo: created page "${PAGE.title}"`);
  return true;
}

/**
 * @param {{ get: Function, post: Function }} api a root client from http.js
 * @returns {Promise<{ reviewKey: string, intakeKey: string, pageUid: string }>}
 */
async function seedDemo(api, { log = () => {} } = {}) {
  const me = await api.get('auth:check');

  await ensureCollection(api, log);
  const review = await ensureReviewWorkflow(api, me.id, log);
  const intake = await ensureIntakeWorkflow(api, log);

  await ensurePage(api, review.key, log);

  return { reviewKey: review.key, intakeKey: intake.key, pageUid: PAGE.pageUid, collection: COLLECTION };
}

module.exports = { seedDemo, WORKFLOW_KEYS, REVIEW_FORM };
