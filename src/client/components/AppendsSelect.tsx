import { Alert } from 'antd';
import { useForm } from '@formily/react';
import { AppendsTreeSelect } from '@nocobase/client';
import { useGetDataSourceCollectionManager } from '@nocobase/plugin-workflow/client';
import React from 'react';
import { parseCollectionRef } from '../collection-ref';
import { usePostActionTranslation } from '../locale';
import { findMultiLevelToManyAppends, type FieldLookup } from '../to-many-appends';

export interface AppendsSelectProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
}

/**
 * Association paths to load onto the trigger record, for the collection chosen in the same
 * form. Multi-level paths through a to-many association can load a great many rows, so they
 * get a warning.
 */
export function AppendsSelect({ value, onChange, disabled }: AppendsSelectProps) {
  const form = useForm();
  const { t } = usePostActionTranslation();
  const collectionValue: string | undefined = form.values?.collection;
  const ref = collectionValue ? parseCollectionRef(collectionValue) : null;
  const collectionManager = useGetDataSourceCollectionManager(ref?.dataSource);

  const lookup: FieldLookup = (collection, name) =>
    collectionManager?.getCollection(collection)?.getField(name) ?? undefined;
  const multiLevel = ref ? findMultiLevelToManyAppends(ref.collection, value ?? [], lookup) : [];

  return (
    <>
      <AppendsTreeSelect
        value={value}
        onChange={onChange}
        disabled={disabled}
        multiple
        collection={ref?.collection}
        useCollection={() => ref?.collection}
        dataSource={ref?.dataSource}
      />
      {multiLevel.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: '0.5em' }}
          message={t(
            'Multi-level associations through a to-many field ({{paths}}) can load a great many records and slow down every execution.',
            { paths: multiLevel.join(', ') },
          )}
        />
      ) : null}
    </>
  );
}
