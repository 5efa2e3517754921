/**
 * The demo's data model and its page, as the NocoBase UI would create them: the collection
 * through `collections:create` (with the fields' interfaces and uiSchemas the collection
 * manager shows), the page as a legacy schema page (`uiSchemas:insert` + `desktopRoutes:create`).
 */

const COLLECTION = 'reimbursements';

const STATUS = { approved: 'Approved', processed: 'Processed' };

function systemFields() {
  return [
    {
      name: 'id',
      type: 'bigInt',
      interface: 'integer',
      autoIncrement: true,
      primaryKey: true,
      allowNull: false,
      uiSchema: { type: 'number', title: '{{t("ID")}}', 'x-component': 'InputNumber', 'x-read-pretty': true },
    },
    {
      name: 'createdAt',
      type: 'date',
      interface: 'createdAt',
      field: 'createdAt',
      uiSchema: { type: 'datetime', title: '{{t("Created at")}}', 'x-component': 'DatePicker', 'x-read-pretty': true },
    },
    {
      name: 'createdBy',
      type: 'belongsTo',
      interface: 'createdBy',
      target: 'users',
      foreignKey: 'createdById',
      uiSchema: {
        type: 'object',
        title: '{{t("Created by")}}',
        'x-component': 'AssociationField',
        'x-component-props': { fieldNames: { value: 'id', label: 'nickname' } },
        'x-read-pretty': true,
      },
    },
    {
      name: 'updatedAt',
      type: 'date',
      interface: 'updatedAt',
      field: 'updatedAt',
      uiSchema: { type: 'datetime', title: '{{t("Last updated at")}}', 'x-component': 'DatePicker', 'x-read-pretty': true },
    },
    {
      name: 'updatedBy',
      type: 'belongsTo',
      interface: 'updatedBy',
      target: 'users',
      foreignKey: 'updatedById',
      uiSchema: {
        type: 'object',
        title: '{{t("Last updated by")}}',
        'x-component': 'AssociationField',
        'x-component-props': { fieldNames: { value: 'id', label: 'nickname' } },
        'x-read-pretty': true,
      },
    },
  ];
}

/** The seed docs' example: project name, applicant → users, amount, status. */
const reimbursementsCollection = {
  name: COLLECTION,
  title: 'Reimbursements',
  template: 'general',
  logging: true,
  autoGenId: false,
  createdAt: true,
  createdBy: true,
  updatedAt: true,
  updatedBy: true,
  sortable: true,
  fields: [
    ...systemFields(),
    {
      name: 'projectName',
      type: 'string',
      interface: 'input',
      uiSchema: { type: 'string', title: 'Project name', 'x-component': 'Input' },
    },
    {
      name: 'applicant',
      type: 'belongsTo',
      interface: 'm2o',
      target: 'users',
      foreignKey: 'applicantId',
      targetKey: 'id',
      onDelete: 'SET NULL',
      uiSchema: {
        title: 'Applicant',
        'x-component': 'AssociationField',
        'x-component-props': { multiple: false, fieldNames: { label: 'nickname', value: 'id' } },
      },
    },
    {
      name: 'amount',
      type: 'double',
      interface: 'number',
      uiSchema: {
        type: 'number',
        title: 'Amount',
        'x-component': 'InputNumber',
        'x-component-props': { step: '0.01', stringMode: true },
      },
    },
    {
      name: 'status',
      type: 'string',
      interface: 'select',
      uiSchema: {
        type: 'string',
        title: 'Status',
        'x-component': 'Select',
        enum: [
          { value: STATUS.approved, label: STATUS.approved, color: 'green' },
          { value: STATUS.processed, label: STATUS.processed, color: 'blue' },
        ],
      },
    },
  ],
};

const FORM_FIELDS = ['projectName', 'applicant', 'amount'];
const TABLE_COLUMNS = ['projectName', 'applicant', 'amount', 'status', 'createdAt'];

function gridOf(blocks) {
  return Object.fromEntries(
    Object.entries(blocks).map(([name, block]) => [
      `row_${name}`,
      {
        type: 'void',
        'x-component': 'Grid.Row',
        properties: { [`col_${name}`]: { type: 'void', 'x-component': 'Grid.Col', properties: { [name]: block } } },
      },
    ]),
  );
}

function formField(name) {
  return {
    type: 'string',
    'x-toolbar': 'FormItemSchemaToolbar',
    'x-settings': 'fieldSettings:FormItem',
    'x-component': 'CollectionField',
    'x-decorator': 'FormItem',
    'x-collection-field': `${COLLECTION}.${name}`,
    'x-component-props': name === 'applicant' ? { fieldNames: { label: 'nickname', value: 'id' } } : {},
  };
}

function tableColumn(name) {
  return {
    type: 'void',
    'x-decorator': 'TableV2.Column.Decorator',
    'x-toolbar': 'TableColumnSchemaToolbar',
    'x-settings': 'fieldSettings:TableColumn',
    'x-component': 'TableV2.Column',
    properties: {
      [name]: {
        'x-collection-field': `${COLLECTION}.${name}`,
        'x-component': 'CollectionField',
        'x-component-props': name === 'applicant' ? { fieldNames: { label: 'nickname', value: 'id' } } : {},
        'x-read-pretty': true,
        'x-decorator': null,
        'x-decorator-props': { labelStyle: { display: 'none' } },
      },
    },
  };
}

/** The Add form: its Submit button has the local workflow bound, with the whole form as context. */
function createForm(workflowKey) {
  return {
    type: 'void',
    'x-acl-action-props': { skipScopeCheck: true },
    'x-acl-action': `${COLLECTION}:create`,
    'x-decorator': 'FormBlockProvider',
    'x-use-decorator-props': 'useCreateFormBlockDecoratorProps',
    'x-decorator-props': { dataSource: 'main', collection: COLLECTION },
    'x-toolbar': 'BlockSchemaToolbar',
    'x-settings': 'blockSettings:createForm',
    'x-component': 'CardItem',
    properties: {
      form: {
        type: 'void',
        'x-component': 'FormV2',
        'x-use-component-props': 'useCreateFormBlockProps',
        properties: {
          grid: {
            type: 'void',
            'x-component': 'Grid',
            'x-initializer': 'form:configureFields',
            properties: gridOf(Object.fromEntries(FORM_FIELDS.map((name) => [name, formField(name)]))),
          },
          actions: {
            type: 'void',
            'x-initializer': 'createForm:configureActions',
            'x-component': 'ActionBar',
            'x-component-props': { layout: 'one-column' },
            properties: {
              submit: {
                type: 'void',
                title: '{{ t("Submit") }}',
                'x-action': 'submit',
                'x-component': 'Action',
                'x-use-component-props': 'useCreateActionProps',
                'x-toolbar': 'ActionSchemaToolbar',
                'x-settings': 'actionSettings:createSubmit',
                'x-component-props': { type: 'primary', htmlType: 'submit' },
                'x-action-settings': { triggerWorkflows: [{ workflowKey, context: '' }] },
              },
            },
          },
        },
      },
    },
  };
}

function addNewAction(workflowKey) {
  return {
    type: 'void',
    title: '{{ t("Add new") }}',
    'x-action': 'create',
    'x-acl-action': 'create',
    'x-toolbar': 'ActionSchemaToolbar',
    'x-settings': 'actionSettings:addNew',
    'x-component': 'Action',
    'x-decorator': 'ACLActionProvider',
    'x-component-props': { openMode: 'drawer', type: 'primary', component: 'CreateRecordAction', icon: 'PlusOutlined' },
    'x-action-context': { dataSource: 'main', collection: COLLECTION },
    'x-align': 'right',
    'x-acl-action-props': { skipScopeCheck: true },
    properties: {
      drawer: {
        type: 'void',
        title: '{{ t("Add record") }}',
        'x-component': 'Action.Container',
        'x-component-props': { className: 'nb-action-popup' },
        properties: {
          tabs: {
            type: 'void',
            'x-component': 'Tabs',
            'x-initializer': 'popup:addTab',
            properties: {
              tab1: {
                type: 'void',
                title: '{{ t("Add new") }}',
                'x-component': 'Tabs.TabPane',
                'x-designer': 'Tabs.Designer',
                properties: {
                  grid: {
                    type: 'void',
                    'x-component': 'Grid',
                    'x-initializer': 'popup:addNew:addBlock',
                    properties: gridOf({ form: createForm(workflowKey) }),
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

function tableBlock(workflowKey) {
  return {
    type: 'void',
    'x-decorator': 'TableBlockProvider',
    'x-acl-action': `${COLLECTION}:list`,
    'x-use-decorator-props': 'useTableBlockDecoratorProps',
    'x-decorator-props': {
      collection: COLLECTION,
      dataSource: 'main',
      action: 'list',
      params: { pageSize: 20, sort: ['-createdAt'] },
      rowKey: 'id',
      showIndex: true,
      dragSort: false,
    },
    'x-toolbar': 'BlockSchemaToolbar',
    'x-settings': 'blockSettings:table',
    'x-component': 'CardItem',
    'x-filter-targets': [],
    properties: {
      actions: {
        type: 'void',
        'x-initializer': 'table:configureActions',
        'x-component': 'ActionBar',
        'x-component-props': { style: { marginBottom: 'var(--nb-spacing)' } },
        properties: { addNew: addNewAction(workflowKey) },
      },
      table: {
        type: 'array',
        'x-initializer': 'table:configureColumns',
        'x-component': 'TableV2',
        'x-use-component-props': 'useTableBlockProps',
        'x-component-props': { rowKey: 'id', rowSelection: { type: 'checkbox' } },
        properties: Object.fromEntries(TABLE_COLUMNS.map((name) => [`column_${name}`, tableColumn(name)])),
      },
    },
  };
}

/** Fixed uids make the page findable, so the seed can tell it already exists. */
const PAGE = {
  title: 'Reimbursements',
  pageUid: 'demo-reimbursements-page',
  menuUid: 'demo-reimbursements-menu',
  tabUid: 'demo-reimbursements-tab',
  tabName: 'demo_reimbursements_tab',
};

function pageSchema(workflowKey) {
  return {
    type: 'void',
    'x-component': 'Page',
    'x-uid': PAGE.pageUid,
    properties: {
      [PAGE.tabName]: {
        type: 'void',
        'x-component': 'Grid',
        'x-initializer': 'page:addBlock',
        'x-uid': PAGE.tabUid,
        'x-async': true,
        properties: gridOf({ reimbursements: tableBlock(workflowKey) }),
      },
    },
  };
}

function pageRoute() {
  return {
    type: 'page',
    title: PAGE.title,
    icon: 'AccountBookOutlined',
    schemaUid: PAGE.pageUid,
    menuSchemaUid: PAGE.menuUid,
    enableTabs: false,
    children: [{ type: 'tabs', schemaUid: PAGE.tabUid, tabSchemaName: PAGE.tabName, hidden: true }],
  };
}

module.exports = { COLLECTION, STATUS, PAGE, reimbursementsCollection, pageSchema, pageRoute };
