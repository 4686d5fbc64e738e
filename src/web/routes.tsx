import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { TenantPage } from './citizen/TenantPage';
import { Layout } from './layout/Layout';
import { AccessibilityPage } from './pages/AccessibilityPage';
import { LandingPage } from './pages/LandingPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * A page loaded when it is first visited, as a chunk of its own: a citizen's phone opening the
 * authority's page does not download the admin, staff, booking or call code (Yjs, WebRTC) up front.
 */
function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  return { lazy: async () => ({ Component: pick(await load()) }) };
}

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <LandingPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'barrierefreiheit', element: <AccessibilityPage /> },
      // Public like the OpenAPI document it renders, for the case system's developers.
      {
        path: 'api-docs',
        ...lazyPage(
          () => import('./admin/api-docs/ApiDocsPage'),
          (m) => m.ApiDocsPage,
        ),
      },
      {
        path: 'admin',
        ...lazyPage(
          () => import('./admin/AdminLayout'),
          (m) => m.AdminLayout,
        ),
        children: [
          {
            index: true,
            ...lazyPage(
              () => import('./admin/AdminHome'),
              (m) => m.AdminHome,
            ),
          },
          {
            path: 'units',
            ...lazyPage(
              () => import('./admin/units/UnitsPage'),
              (m) => m.UnitsPage,
            ),
          },
          {
            path: 'services',
            ...lazyPage(
              () => import('./admin/services/ServicesPage'),
              (m) => m.ServicesPage,
            ),
          },
          {
            path: 'offices',
            ...lazyPage(
              () => import('./admin/offices/OfficesPage'),
              (m) => m.OfficesPage,
            ),
          },
          {
            path: 'staff',
            ...lazyPage(
              () => import('./admin/staff/StaffPage'),
              (m) => m.StaffPage,
            ),
          },
          {
            path: 'settings',
            ...lazyPage(
              () => import('./admin/settings/SettingsPage'),
              (m) => m.SettingsPage,
            ),
          },
          {
            path: 'outbox',
            ...lazyPage(
              () => import('./admin/outbox/OutboxPage'),
              (m) => m.OutboxPage,
            ),
          },
          {
            path: 'api-keys',
            ...lazyPage(
              () => import('./admin/api-keys/ApiKeysPage'),
              (m) => m.ApiKeysPage,
            ),
          },
          {
            path: 'webhooks',
            ...lazyPage(
              () => import('./admin/webhooks/WebhooksPage'),
              (m) => m.WebhooksPage,
            ),
          },
          {
            path: 'audit',
            ...lazyPage(
              () => import('./admin/audit/AuditPage'),
              (m) => m.AuditPage,
            ),
          },
          {
            path: 'api-docs',
            ...lazyPage(
              () => import('./admin/api-docs/ApiDocsPage'),
              (m) => m.ApiDocsPage,
            ),
          },
        ],
      },
      {
        path: 'staff',
        ...lazyPage(
          () => import('./staff/StaffWorkspace'),
          (m) => m.StaffWorkspace,
        ),
      },
      {
        path: 'staff/termine',
        ...lazyPage(
          () => import('./staff/StaffAppointmentsPage'),
          (m) => m.StaffAppointmentsPage,
        ),
      },
      {
        path: 'staff/verfuegbarkeit',
        ...lazyPage(
          () => import('./staff/AvailabilityPage'),
          (m) => m.AvailabilityPage,
        ),
      },
      { path: 'staff/*', element: <NotFoundPage /> },
      // Citizen pages; the static segments above rank first, RESERVED_SEGMENTS are refused inside.
      { path: ':tenantSlug', element: <TenantPage /> },
      {
        path: ':tenantSlug/termine',
        ...lazyPage(
          () => import('./booking/BookingPage'),
          (m) => m.BookingPage,
        ),
      },
      {
        path: ':tenantSlug/termin',
        ...lazyPage(
          () => import('./booking/ManagePage'),
          (m) => m.ManagePage,
        ),
      },
      {
        path: ':tenantSlug/termin/aktivieren',
        ...lazyPage(
          () => import('./booking/ActivatePage'),
          (m) => m.ActivatePage,
        ),
      },
      {
        path: ':tenantSlug/termin/beitreten',
        ...lazyPage(
          () => import('./booking/JoinPage'),
          (m) => m.JoinPage,
        ),
      },
      {
        path: ':tenantSlug/einladung',
        ...lazyPage(
          () => import('./booking/JoinPage'),
          (m) => m.InvitationJoinPage,
        ),
      },
      {
        path: ':tenantSlug/gast',
        ...lazyPage(
          () => import('./guest/GuestPage'),
          (m) => m.GuestPage,
        ),
      },
      {
        path: ':tenantSlug/:officeSlug',
        ...lazyPage(
          () => import('./citizen/OfficeEntry'),
          (m) => m.OfficeEntry,
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
