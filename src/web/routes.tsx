import { type ComponentType, lazy } from 'react';
import { Route, Routes } from 'react-router';
import { TenantPage } from './citizen/TenantPage';
import { loadAllMessages, loadStaffMessages } from './i18n';
import { Layout } from './layout/Layout';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * A page loaded when it is first visited, as a chunk of its own, together with the texts of all pages
 * beyond the first: a citizen's phone opening the authority's page (TenantPage, in the app itself)
 * downloads no staff, booking or call code (Yjs, WebRTC), no form validation (zod) and no session probe.
 */
function lazyPage<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
  texts: () => Promise<void> = loadAllMessages,
) {
  const Page = lazy(async () => {
    const [module] = await Promise.all([load(), texts()]);
    return { default: pick(module) };
  });
  return <Page />;
}

/** A page of the staff area (or sign-in): it waits for the staff pages' texts as well. */
function staffPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  return lazyPage(load, pick, loadStaffMessages);
}

const landing = lazyPage(
  () => import('./pages/LandingPage'),
  (m) => m.LandingPage,
);
const login = staffPage(
  () => import('./pages/LoginPage'),
  (m) => m.LoginPage,
);
const accessibility = lazyPage(
  () => import('./pages/AccessibilityPage'),
  (m) => m.AccessibilityPage,
);
const apiDocs = staffPage(
  () => import('./admin/api-docs/ApiDocsPage'),
  (m) => m.ApiDocsPage,
);

/** The staff area; every one of its pages asks for the session (useAuth), citizen pages never do. */
const admin = {
  layout: staffPage(
    () => import('./admin/AdminLayout'),
    (m) => m.AdminLayout,
  ),
  home: staffPage(
    () => import('./admin/AdminHome'),
    (m) => m.AdminHome,
  ),
  units: staffPage(
    () => import('./admin/units/UnitsPage'),
    (m) => m.UnitsPage,
  ),
  services: staffPage(
    () => import('./admin/services/ServicesPage'),
    (m) => m.ServicesPage,
  ),
  offices: staffPage(
    () => import('./admin/offices/OfficesPage'),
    (m) => m.OfficesPage,
  ),
  staff: staffPage(
    () => import('./admin/staff/StaffPage'),
    (m) => m.StaffPage,
  ),
  settings: staffPage(
    () => import('./admin/settings/SettingsPage'),
    (m) => m.SettingsPage,
  ),
  outbox: staffPage(
    () => import('./admin/outbox/OutboxPage'),
    (m) => m.OutboxPage,
  ),
  apiKeys: staffPage(
    () => import('./admin/api-keys/ApiKeysPage'),
    (m) => m.ApiKeysPage,
  ),
  webhooks: staffPage(
    () => import('./admin/webhooks/WebhooksPage'),
    (m) => m.WebhooksPage,
  ),
  audit: staffPage(
    () => import('./admin/audit/AuditPage'),
    (m) => m.AuditPage,
  ),
  statistics: staffPage(
    () => import('./admin/statistics/StatisticsPage'),
    (m) => m.StatisticsPage,
  ),
  dataProtection: staffPage(
    () => import('./admin/data-protection/DataProtectionPage'),
    (m) => m.DataProtectionPage,
  ),
};
const staff = {
  workspace: staffPage(
    () => import('./staff/StaffWorkspace'),
    (m) => m.StaffWorkspace,
  ),
  appointments: staffPage(
    () => import('./staff/StaffAppointmentsPage'),
    (m) => m.StaffAppointmentsPage,
  ),
  availability: staffPage(
    () => import('./staff/AvailabilityPage'),
    (m) => m.AvailabilityPage,
  ),
};
const events = {
  audience: lazyPage(
    () => import('./events/EventAudiencePage'),
    (m) => m.EventAudiencePage,
  ),
  host: staffPage(
    () => import('./events/EventHostPage'),
    (m) => m.EventHostPage,
  ),
  mine: staffPage(
    () => import('./events/StaffEventsPage'),
    (m) => m.StaffEventsPage,
  ),
};
const citizen = {
  booking: lazyPage(
    () => import('./booking/BookingPage'),
    (m) => m.BookingPage,
  ),
  manage: lazyPage(
    () => import('./booking/ManagePage'),
    (m) => m.ManagePage,
  ),
  activate: lazyPage(
    () => import('./booking/ActivatePage'),
    (m) => m.ActivatePage,
  ),
  join: lazyPage(
    () => import('./booking/JoinPage'),
    (m) => m.JoinPage,
  ),
  invitation: lazyPage(
    () => import('./booking/JoinPage'),
    (m) => m.InvitationJoinPage,
  ),
  guest: lazyPage(
    () => import('./guest/GuestPage'),
    (m) => m.GuestPage,
  ),
  office: lazyPage(
    () => import('./citizen/OfficeEntry'),
    (m) => m.OfficeEntry,
  ),
};

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={landing} />
        <Route path="login" element={login} />
        <Route path="login/:tenantSlug" element={login} />
        <Route path="barrierefreiheit" element={accessibility} />
        {/* Public like the OpenAPI document it renders, for the case system's developers. */}
        <Route path="api-docs" element={apiDocs} />
        <Route path="admin" element={admin.layout}>
          <Route index element={admin.home} />
          <Route path="units" element={admin.units} />
          <Route path="services" element={admin.services} />
          <Route path="offices" element={admin.offices} />
          <Route path="staff" element={admin.staff} />
          <Route path="settings" element={admin.settings} />
          <Route path="outbox" element={admin.outbox} />
          <Route path="api-keys" element={admin.apiKeys} />
          <Route path="webhooks" element={admin.webhooks} />
          <Route path="audit" element={admin.audit} />
          <Route path="statistics" element={admin.statistics} />
          <Route path="data-protection" element={admin.dataProtection} />
          <Route path="api-docs" element={apiDocs} />
        </Route>
        <Route path="staff" element={staff.workspace} />
        <Route path="staff/termine" element={staff.appointments} />
        <Route path="staff/verfuegbarkeit" element={staff.availability} />
        <Route path="staff/veranstaltungen" element={events.mine} />
        <Route path="staff/veranstaltungen/:eventId" element={events.host} />
        <Route path="staff/*" element={<NotFoundPage />} />
        {/* Citizen pages; the static segments above rank first, RESERVED_SEGMENTS are refused inside. */}
        <Route path=":tenantSlug" element={<TenantPage />} />
        <Route path=":tenantSlug/termine" element={citizen.booking} />
        <Route path=":tenantSlug/termin" element={citizen.manage} />
        <Route path=":tenantSlug/termin/aktivieren" element={citizen.activate} />
        <Route path=":tenantSlug/termin/beitreten" element={citizen.join} />
        <Route path=":tenantSlug/einladung" element={citizen.invitation} />
        <Route path=":tenantSlug/gast" element={citizen.guest} />
        <Route path=":tenantSlug/veranstaltungen/:eventId" element={events.audience} />
        <Route path=":tenantSlug/:officeSlug" element={citizen.office} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
