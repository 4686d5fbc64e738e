import { createBrowserRouter } from 'react-router';
import { AdminHome } from './admin/AdminHome';
import { AdminLayout } from './admin/AdminLayout';
import { OfficesPage } from './admin/offices/OfficesPage';
import { OutboxPage } from './admin/outbox/OutboxPage';
import { ServicesPage } from './admin/services/ServicesPage';
import { SettingsPage } from './admin/settings/SettingsPage';
import { StaffPage } from './admin/staff/StaffPage';
import { UnitsPage } from './admin/units/UnitsPage';
import { BookingPage } from './booking/BookingPage';
import { JoinPage } from './booking/JoinPage';
import { ManagePage } from './booking/ManagePage';
import { OfficeEntry } from './citizen/OfficeEntry';
import { TenantPage } from './citizen/TenantPage';
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
      { path: ':tenantSlug/:officeSlug', element: <OfficeEntry /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
