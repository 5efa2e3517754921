import { Cascader } from 'antd';
import { useCompile, useDataSourceManager } from '@nocobase/client';
import React, { useMemo } from 'react';
import { formatCollectionRef, parseCollectionRef } from '../collection-ref';

interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

export interface CollectionCascaderProps {
  value?: string;
  onChange?: (value: string | undefined) => void;
  disabled?: boolean;
}

/** Data source → collection; the value is the config form (`posts`, `another:posts`). */
export function CollectionCascader({ value, onChange, disabled }: CollectionCascaderProps) {
  const dataSourceManager = useDataSourceManager();
  const compile = useCompile();

  const options = useMemo<CascaderOption[]>(() => {
    const dataSources = dataSourceManager?.getDataSources?.() ?? [];

    return dataSources
      .filter((dataSource) => !dataSource.status || dataSource.status === 'loaded')
      .map((dataSource) => ({
        value: dataSource.key,
        label: compile(dataSource.displayName || dataSource.key),
        children: dataSource.collectionManager
          .getCollections()
          .filter((collection) => !collection.hidden && !collection.options?.hidden)
          .map((collection) => ({
            value: collection.name,
            label: compile(collection.title || collection.name),
          })),
      }))
      .filter((dataSource) => dataSource.children.length);
  }, [dataSourceManager, compile]);

  const path = value ? parseCollectionRef(value) : null;

  return (
    <Cascader
      options={options}
      value={path ? [path.dataSource, path.collection] : undefined}
      disabled={disabled}
      showSearch
      allowClear
      onChange={(selected?: string[]) => {
        const [dataSource, collection] = selected ?? [];
        onChange?.(collection ? formatCollectionRef({ dataSource, collection }) : undefined);
      }}
    />
  );
}
