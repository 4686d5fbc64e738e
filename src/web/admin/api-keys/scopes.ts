import type { ApiScope } from '../../../shared/api-v1';

/** The label or hint of a scope; "appointments:read" is not a usable key (":" separates namespaces). */
export const scopeTextKey = (scope: ApiScope, text: 'label' | 'hint') =>
  `adminIntegrations.scopes.${scope.replace(':', '_')}.${text}`;
