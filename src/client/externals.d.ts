/**
 * The page provides these modules at run time (requirejs). Neither @nocobase/client 2.2 nor
 * the UI libraries are installed here, so the members the client uses are declared here,
 * from the public API of the running page (see the workflow plugin's dist/client/*.d.ts).
 */
declare module '@nocobase/client' {
  import type { ComponentType } from 'react';

  export class Plugin {
    app: any;
    pm: any;
    load(): Promise<void>;
  }

  export interface ClientCollection {
    name: string;
    title?: string;
    hidden?: boolean;
    options?: { hidden?: boolean };
    getField(name: string): { type?: string; target?: string } | undefined;
  }

  export interface ClientCollectionManager {
    getCollections(): ClientCollection[];
    getCollection(name: string): ClientCollection | undefined;
    getCollectionAllFields(name: string): unknown[];
  }

  export interface ClientDataSource {
    key: string;
    displayName?: string;
    status?: string;
    collectionManager: ClientCollectionManager;
  }

  export function useCompile(): (source: any) => any;
  export function useDataSourceManager(): { getDataSources(): ClientDataSource[] } | undefined;
  export const AppendsTreeSelect: ComponentType<any>;
}

declare module '@nocobase/plugin-workflow/client' {
  import type { ComponentType } from 'react';
  import type { ClientCollectionManager } from '@nocobase/client';

  export type VariableOption = {
    key?: string;
    value?: string;
    label?: unknown;
    children?: VariableOption[] | null;
    [key: string]: any;
  };

  export type UseVariableOptions = {
    types?: unknown[];
    fieldNames?: { label?: string; value?: string; children?: string };
    appends?: string[] | null;
    depth?: number;
  };

  export abstract class Trigger {
    title: string;
    description?: string;
    sync?: boolean;
    presetFieldset?: Record<string, unknown>;
    fieldset?: Record<string, unknown>;
    triggerFieldset?: Record<string, unknown>;
    scope?: Record<string, unknown>;
    components?: Record<string, unknown>;
    isActionTriggerable_deprecated?: boolean | ((config: object, context?: object) => boolean);
    validate(config: Record<string, unknown>): boolean;
    useVariables?(config: Record<string, unknown>, options?: UseVariableOptions): VariableOption[] | null;
    useInitializers?(config: Record<string, unknown>): unknown | null;
  }

  export function getCollectionFieldOptions(options: any): VariableOption[];
  export function useGetDataSourceCollectionManager(dataSourceName?: string): ClientCollectionManager;
  export const CheckboxGroupWithTooltip: ComponentType<any>;
  export const CollectionBlockInitializer: ComponentType<any>;
  export const RadioWithTooltip: ComponentType<any>;
  export const TriggerCollectionRecordSelect: ComponentType<any>;
}

declare module 'antd' {
  import type { ComponentType } from 'react';

  export const Alert: ComponentType<any>;
  export const Cascader: ComponentType<any>;
  export const Checkbox: ComponentType<any> & { Group: ComponentType<any> };
  export const Input: ComponentType<any>;

  interface FormInstance {
    getFieldsValue(all?: boolean): Record<string, any>;
  }

  export const Form: ComponentType<any> & {
    Item: ComponentType<any>;
    useFormInstance(): FormInstance;
    useWatch(name: string | string[], form?: FormInstance): any;
  };
}

declare module 'react-i18next' {
  export function useTranslation(
    ns?: string | string[],
    options?: { nsMode?: 'fallback' | 'default' },
  ): { t: (key: string, options?: Record<string, unknown>) => string };
}

declare module '@formily/react' {
  export function useForm(): { values: Record<string, any> };
}

declare module '@nocobase/client-v2' {
  export class Plugin {
    app: any;
    load(): Promise<void>;
  }
}

declare module '@nocobase/plugin-workflow/client-v2' {
  import type { ComponentType } from 'react';
  import type { UseVariableOptions, VariableOption } from '@nocobase/plugin-workflow/client';

  export type { UseVariableOptions, VariableOption };

  export type LoaderOf = () => Promise<{ default: ComponentType }>;

  export abstract class Trigger {
    title: string;
    description?: string;
    PresetFieldsetLoader?: LoaderOf;
    FieldsetLoader?: LoaderOf;
    TriggerFieldsetLoader?: LoaderOf;
    validate(config: Record<string, unknown>): boolean;
    useVariables?(config: Record<string, unknown>, options?: UseVariableOptions): VariableOption[] | null;
  }

  export function getCollectionFieldOptions(options: any): any[];
  export function getCollectionManagerAdapter(dataSourceManager: unknown, dataSourceKey?: string): unknown;
  interface ControlProps<T> {
    value?: T;
    onChange?(value: T): void;
    disabled?: boolean;
  }

  export const TriggerCollectionRecordSelect: ComponentType<ControlProps<unknown>>;
  export const UsersSelect: ComponentType<ControlProps<unknown>>;
  export const AppendsSelect: ComponentType<ControlProps<string[]> & { collection?: string }>;
  export const CollectionCascader: ComponentType<ControlProps<string | undefined>>;
  export const RadioWithTooltip: ComponentType<{
    options?: { value: unknown; label: string; tooltip?: string }[];
    direction?: 'horizontal' | 'vertical';
    value?: unknown;
    onChange?(value: unknown): void;
    disabled?: boolean;
  }>;
}

declare module '@nocobase/flow-engine' {
  interface FlowEngine {
    dataSourceManager?: unknown;
    context?: { dataSourceManager?: unknown };
  }

  export function useFlowEngine(): FlowEngine | undefined;
}
