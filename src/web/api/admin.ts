import type {
  Office,
  OfficeInput,
  Service,
  ServiceInput,
  Staff,
  StaffCreate,
  StaffUpdate,
  Tenant,
  TenantSettings,
  Unit,
  UnitInput,
} from '../../shared/admin';
import type { ApiKeyCreate, ApiKeyCreated, ApiKeySummary } from '../../shared/api-v1';
import type { AuditEvent, AuditQuery, AuditVerification } from '../../shared/audit';
import type {
  CalendarException,
  CalendarExceptionInput,
  LocalHoliday,
  LocalHolidayInput,
} from '../../shared/calendar';
import type {
  CreatedWebhook,
  QueuedTestEvent,
  Webhook,
  WebhookCreate,
  WebhookDelivery,
} from '../../shared/webhooks';
import { api } from './client';

function resource<T, C, U = C>(path: string) {
  return {
    list: () => api<T[]>('GET', path),
    create: (input: C) => api<T>('POST', path, input),
    update: (id: string, input: U) => api<T>('PUT', `${path}/${id}`, input),
    remove: (id: string) => api<void>('DELETE', `${path}/${id}`),
  };
}

export const adminApi = {
  tenant: {
    get: () => api<Tenant>('GET', '/admin/tenant'),
    update: (settings: TenantSettings) => api<Tenant>('PUT', '/admin/tenant', settings),
  },
  units: resource<Unit, UnitInput>('/admin/units'),
  services: resource<Service, ServiceInput>('/admin/services'),
  offices: resource<Office, OfficeInput>('/admin/offices'),
  calendarExceptions: {
    list: (officeId: string) =>
      api<CalendarException[]>('GET', `/admin/offices/${officeId}/calendar-exceptions`),
    create: (officeId: string, input: CalendarExceptionInput) =>
      api<CalendarException>('POST', `/admin/offices/${officeId}/calendar-exceptions`, input),
    remove: (officeId: string, id: string) =>
      api<void>('DELETE', `/admin/offices/${officeId}/calendar-exceptions/${id}`),
  },
  localHolidays: {
    list: () => api<LocalHoliday[]>('GET', '/admin/local-holidays'),
    create: (input: LocalHolidayInput) => api<LocalHoliday>('POST', '/admin/local-holidays', input),
    remove: (id: string) => api<void>('DELETE', `/admin/local-holidays/${id}`),
  },
  staff: {
    ...resource<Staff, StaffCreate, StaffUpdate>('/admin/staff'),
    endSessions: (id: string) => api<void>('DELETE', `/admin/staff/${id}/sessions`),
    liftLock: (id: string) => api<void>('DELETE', `/admin/staff/${id}/sign-in-lock`),
    resetSecondFactor: (id: string) => api<void>('DELETE', `/admin/staff/${id}/second-factor`),
  },
  apiKeys: {
    list: () => api<ApiKeySummary[]>('GET', '/admin/api-keys'),
    create: (input: ApiKeyCreate) => api<ApiKeyCreated>('POST', '/admin/api-keys', input),
    revoke: (id: string) => api<void>('DELETE', `/admin/api-keys/${id}`),
  },
  webhooks: {
    list: () => api<Webhook[]>('GET', '/admin/webhooks'),
    create: (input: WebhookCreate) => api<CreatedWebhook>('POST', '/admin/webhooks', input),
    revoke: (id: string) => api<void>('DELETE', `/admin/webhooks/${id}`),
    sendTest: (id: string) => api<QueuedTestEvent>('POST', `/admin/webhooks/${id}/test`),
    deliveries: (id: string) => api<WebhookDelivery[]>('GET', `/admin/webhooks/${id}/deliveries`),
  },
  audit: {
    list: (query: AuditQuery) => api<AuditEvent[]>('GET', `/admin/audit?${searchParams(query)}`),
    actions: () => api<string[]>('GET', '/admin/audit/actions'),
    verify: () => api<AuditVerification>('GET', '/admin/audit/verify'),
  },
};

/** A query string of the given values, leaving out undefined ones. */
function searchParams(query: Record<string, string | number | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return params.toString();
}
