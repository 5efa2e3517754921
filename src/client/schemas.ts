import { tExpr } from './locale';

/**
 * Formily schemas of the trigger's forms. Component names refer to `components` of the
 * trigger (ours) or to components the workflow canvas and the client register.
 */

const collectionField = (disabled: boolean) => ({
  type: 'string',
  title: tExpr('Collection'),
  required: true,
  'x-decorator': 'FormItem',
  'x-component': 'PostActionCollectionCascader',
  'x-component-props': { disabled },
});

/** Shown in the creation dialog, next to title, type and sync mode. */
export const presetFieldset = {
  collection: collectionField(false),
};

/** The trigger's config drawer; the collection is chosen once, at creation. */
export const fieldset = {
  collection: collectionField(true),
  global: {
    type: 'boolean',
    title: tExpr('Trigger mode'),
    'x-decorator': 'FormItem',
    'x-component': 'RadioWithTooltip',
    'x-component-props': {
      direction: 'vertical',
      options: [
        {
          label: tExpr('Local mode, triggered only after the actions bound to the workflow'),
          value: false,
        },
        {
          label: tExpr('Global mode, triggered after every configured action on the collection'),
          value: true,
        },
      ],
    },
    default: false,
    'x-reactions': [{ dependencies: ['collection'], fulfill: { state: { visible: '{{!!$deps[0]}}' } } }],
  },
  actions: {
    type: 'array',
    title: tExpr('Select actions'),
    'x-decorator': 'FormItem',
    'x-component': 'CheckboxGroupWithTooltip',
    'x-component-props': {
      direction: 'vertical',
      options: [
        { label: tExpr('Create record action'), value: 'create' },
        { label: tExpr('Update record action'), value: 'update' },
      ],
    },
    'x-reactions': [
      {
        dependencies: ['collection', 'global'],
        fulfill: { state: { visible: '{{!!$deps[0] && !!$deps[1]}}', required: '{{!!$deps[1]}}' } },
      },
    ],
  },
  appends: {
    type: 'array',
    title: tExpr('Associations to use'),
    description: tExpr(
      'Association data of the trigger record to load with it, for use in later nodes. Loading many associations can slow executions down.',
    ),
    'x-decorator': 'FormItem',
    'x-component': 'PostActionAppendsSelect',
    'x-reactions': [{ dependencies: ['collection'], fulfill: { state: { visible: '{{!!$deps[0]}}' } } }],
  },
};

/** The manual execution form: which record, done by whom, in which role. */
export const triggerFieldset = {
  data: {
    type: 'object',
    title: tExpr('Trigger data'),
    description: tExpr('Choose a record of the collection to trigger on.'),
    'x-decorator': 'FormItem',
    'x-component': 'TriggerCollectionRecordSelect',
    default: null,
    required: true,
  },
  userId: {
    type: 'number',
    title: tExpr('User acted'),
    'x-decorator': 'FormItem',
    'x-component': 'RemoteSelect',
    'x-component-props': {
      fieldNames: { label: 'nickname', value: 'id' },
      service: { resource: 'users' },
      manual: false,
    },
    required: true,
  },
  roleName: {
    type: 'string',
    title: tExpr('Role of user acted'),
    'x-decorator': 'FormItem',
    'x-component': 'RemoteSelect',
    'x-component-props': {
      fieldNames: { label: 'title', value: 'name' },
      service: { resource: 'roles' },
      manual: false,
    },
  },
};
