import { Alert, Checkbox, Form } from 'antd';
import { AppendsSelect, CollectionCascader, RadioWithTooltip } from '@nocobase/plugin-workflow/client-v2';
import React from 'react';
import { parseCollectionRef } from '../collection-ref';
import { usePostActionTranslation } from '../locale';

/**
 * The modern canvas renders these inside its own antd form, whose values hold the workflow's
 * `config` object; each field binds to `config.<name>`.
 */
const field = (name: string) => ['config', name];

function CollectionField({ disabled }: { disabled: boolean }) {
  const { t } = usePostActionTranslation();

  return (
    <Form.Item name={field('collection')} label={t('Collection')} rules={[{ required: true }]}>
      <CollectionCascader disabled={disabled} />
    </Form.Item>
  );
}

/** The creation dialog: the collection, fixed afterwards. */
export function PostActionPresetFieldset() {
  return <CollectionField disabled={false} />;
}

/** The trigger drawer: mode, actions in global mode, and appends. */
export function PostActionFieldset() {
  const { t } = usePostActionTranslation();
  const form = Form.useFormInstance();
  const collection: string | undefined = Form.useWatch(field('collection'), form);
  const global: boolean | undefined = Form.useWatch(field('global'), form);
  const ref = collection ? parseCollectionRef(collection) : null;

  return (
    <>
      <CollectionField disabled />
      {ref ? (
        <>
          <Form.Item name={field('global')} label={t('Trigger mode')} initialValue={false}>
            <RadioWithTooltip
              direction="vertical"
              options={[
                {
                  value: false,
                  label: t('Local mode, triggered only after the actions bound to the workflow'),
                },
                {
                  value: true,
                  label: t('Global mode, triggered after every configured action on the collection'),
                },
              ]}
            />
          </Form.Item>
          {global ? (
            <Form.Item name={field('actions')} label={t('Select actions')} rules={[{ required: true }]}>
              <Checkbox.Group
                style={{ display: 'flex', flexDirection: 'column' }}
                options={[
                  { value: 'create', label: t('Create record action') },
                  { value: 'update', label: t('Update record action') },
                ]}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name={field('appends')}
            label={t('Associations to use')}
            extra={t(
              'Association data of the trigger record to load with it, for use in later nodes. Loading many associations can slow executions down.',
            )}
          >
            <AppendsSelect collection={collection} />
          </Form.Item>
        </>
      ) : (
        <Alert type="info" showIcon message={t('Choose a collection when creating the workflow.')} />
      )}
    </>
  );
}
