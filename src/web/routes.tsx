import { createBrowserRouter } from 'react-router';
import { AdminHome } from './admin/AdminHome';
import { AdminLayout } from './admin/AdminLayout';
import { OfficesPage } from './admin/offices/OfficesPage';
import { ServicesPage } from './admin/services/ServicesPage';
import { SettingsPage } from './admin/settings/SettingsPage';
import { StaffPage } from './admin/staff/StaffPage';
import { UnitsPage } from './admin/units/UnitsPage';
import { Layout } from './layout/Layout';
import { AccessibilityPage } from './pages/AccessibilityPage';
import { LandingPage } from './pages/LandingPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * First path segments the app keeps for itself. Citizen pages will live at /:tenantSlug (a later
 * issue), so tenant slugs must never take one of these.
 */
export const RESERVED_SEGMENTS = ['login', 'admin', 'staff', 'barrierefreiheit', 'api', 'assets'] as const;

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
        ],
      },
      // Reserved for the staff workspace (queues, consultations).
      { path: 'staff/*', element: <NotFoundPage /> },
      // Later: { path: ':tenantSlug/*', element: <CitizenArea /> }
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
