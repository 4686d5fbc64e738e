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
  staff: {
    ...resource<Staff, StaffCreate, StaffUpdate>('/admin/staff'),
    endSessions: (id: string) => api<void>('DELETE', `/admin/staff/${id}/sessions`),
  },
};
