import { createBrowserRouter } from 'react-router';
import { AdminHome } from './admin/AdminHome';
import { AdminLayout } from './admin/AdminLayout';
import { ApiDocsPage } from './admin/api-docs/ApiDocsPage';
import { ApiKeysPage } from './admin/api-keys/ApiKeysPage';
import { AuditPage } from './admin/audit/AuditPage';
import { OfficesPage } from './admin/offices/OfficesPage';
import { OutboxPage } from './admin/outbox/OutboxPage';
import { ServicesPage } from './admin/services/ServicesPage';
import { SettingsPage } from './admin/settings/SettingsPage';
import { StaffPage } from './admin/staff/StaffPage';
import { UnitsPage } from './admin/units/UnitsPage';
import { WebhooksPage } from './admin/webhooks/WebhooksPage';
import { BookingPage } from './booking/BookingPage';
import { JoinPage } from './booking/JoinPage';
import { ManagePage } from './booking/ManagePage';
import { OfficeEntry } from './citizen/OfficeEntry';
import { TenantPage } from './citizen/TenantPage';
import { GuestPage } from './guest/GuestPage';
import { Layout } from './layout/Layout';
import { AccessibilityPage } from './pages/AccessibilityPage';
import { LandingPage } from './pages/LandingPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { AvailabilityPage } from './staff/AvailabilityPage';
import { StaffAppointmentsPage } from './staff/StaffAppointmentsPage';
import { StaffWorkspace } from './staff/StaffWorkspace';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <LandingPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'barrierefreiheit', element: <AccessibilityPage /> },
      // Public like the OpenAPI document it renders, for the case system's developers.
      { path: 'api-docs', element: <ApiDocsPage /> },
      {
        path: 'admin',
        element: <AdminLayout />,
        children: [
          { index: true, element: <AdminHome /> },
          { path: 'units', element: <UnitsPage /> },
          { path: 'services', element: <ServicesPage /> },
          { path: 'offices', element: <OfficesPage /> },
          { path: 'staff', element: <StaffPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: 'outbox', element: <OutboxPage /> },
          { path: 'api-keys', element: <ApiKeysPage /> },
          { path: 'webhooks', element: <WebhooksPage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'api-docs', element: <ApiDocsPage /> },
        ],
      },
      { path: 'staff', element: <StaffWorkspace /> },
      { path: 'staff/termine', element: <StaffAppointmentsPage /> },
      { path: 'staff/verfuegbarkeit', element: <AvailabilityPage /> },
      { path: 'staff/*', element: <NotFoundPage /> },
      // Citizen pages; the static segments above rank first, RESERVED_SEGMENTS are refused inside.
      { path: ':tenantSlug', element: <TenantPage /> },
      { path: ':tenantSlug/termine', element: <BookingPage /> },
      { path: ':tenantSlug/termin', element: <ManagePage /> },
      { path: ':tenantSlug/termin/beitreten', element: <JoinPage /> },
      { path: ':tenantSlug/einladung', element: <JoinPage link="invitation" /> },
      { path: ':tenantSlug/gast', element: <GuestPage /> },
      { path: ':tenantSlug/:officeSlug', element: <OfficeEntry /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
