import { useTranslation } from 'react-i18next';

/** Our translations live under the package name, as NocoBase loads them from src/locale. */
export const NAMESPACE = '@nocobase/plugin-workflow-action-trigger';

/**
 * A schema string that Formily's compiler translates when it renders (`{{t(...)}}`): schemas
 * are built once at load time, before the user's language is known to matter.
 */
export function tExpr(text: string): string {
  return `{{t(${JSON.stringify(text)}, { ns: ${JSON.stringify(NAMESPACE)} })}}`;
}

/** Translates in our namespace, falling back to the workflow plugin's and the client's. */
export function usePostActionTranslation() {
  return useTranslation([NAMESPACE, 'workflow', 'client'], { nsMode: 'fallback' });
}
