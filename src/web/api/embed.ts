import type { EmbedSettings } from '../../shared/embed';
import { api } from './client';

/** The widget's theme and allowed sites: read publicly by the widget, changed by the authority's admins. */
export const embedApi = {
  public: (tenantSlug: string) =>
    api<EmbedSettings>('GET', `/public/tenants/${encodeURIComponent(tenantSlug)}/embed`),
  get: () => api<EmbedSettings>('GET', '/admin/tenant/embed'),
  update: (settings: EmbedSettings) => api<EmbedSettings>('PUT', '/admin/tenant/embed', settings),
};
