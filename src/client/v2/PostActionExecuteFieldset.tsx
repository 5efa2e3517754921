import { Form, Input } from 'antd';
import { TriggerCollectionRecordSelect, UsersSelect } from '@nocobase/plugin-workflow/client-v2';
import React from 'react';
import { usePostActionTranslation } from '../locale';

/**
 * The "Execute manually" form of the modern canvas: the record, the user who acts, and
 * optionally their role (the server takes the user's first role when it is left empty).
 */
export function PostActionExecuteFieldset() {
  const { t } = usePostActionTranslation();

  return (
    <>
      <Form.Item
        name="data"
        label={t('Trigger data')}
        extra={t('Choose a record of the collection to trigger on.')}
        rules={[{ required: true }]}
      >
        <TriggerCollectionRecordSelect />
      </Form.Item>
      <Form.Item name="userId" label={t('User acted')} rules={[{ required: true }]}>
        <UsersSelect />
      </Form.Item>
      <Form.Item
        name="roleName"
        label={t('Role of user acted')}
        extra={t("Leave empty to use the user's first role.")}
      >
        <Input allowClear />
      </Form.Item>
    </>
  );
}
