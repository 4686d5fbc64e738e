import { randomBytes } from 'node:crypto';
import type { OpeningHours, Role, ServiceInput } from '../../shared/admin';
import type { AppContext } from '../context';
import { officeRepository } from '../modules/admin/offices';
import { serviceRepository } from '../modules/admin/services';
import { staffRepository } from '../modules/admin/staff';
import { unitRepository } from '../modules/admin/units';
import { provisionAuthority } from '../modules/tenants/provision';

const WEEKDAY_HOURS: OpeningHours = {
  mon: [{ from: '08:00', to: '12:00' }],
  tue: [
    { from: '08:00', to: '12:00' },
    { from: '14:00', to: '18:00' },
  ],
  wed: [{ from: '08:00', to: '12:00' }],
  thu: [
    { from: '08:00', to: '12:00' },
    { from: '14:00', to: '18:00' },
  ],
  fri: [{ from: '08:00', to: '12:00' }],
};

type DemoService = Omit<
  ServiceInput,
  'unitId' | 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'intakeFields' | 'requiresActivation'
>;

/** Each unit with its virtual office; the office's name is written out, German articles differ by noun. */
const DEMO_UNITS: { name: string; officeName: string; slug: string; services: DemoService[] }[] = [
  {
    name: 'Bürgeramt',
    officeName: 'Virtuelles Bürgeramt',
    slug: 'buergeramt',
    services: [
      {
        name: 'Wohnsitz anmelden (Beratung)',
        description: 'Fragen zur An- und Ummeldung Ihres Wohnsitzes.',
        durationMinutes: 15,
        channel: 'both',
        requiredDocuments: ['Personalausweis oder Reisepass', 'Wohnungsgeberbestätigung'],
      },
      {
        name: 'Führungszeugnis beantragen',
        description: 'Beratung zum Antrag auf ein Führungszeugnis.',
        durationMinutes: 10,
        channel: 'video',
        requiredDocuments: ['Personalausweis'],
      },
    ],
  },
  {
    name: 'Bauamt',
    officeName: 'Virtuelles Bauamt',
    slug: 'bauamt',
    services: [
      {
        name: 'Bauberatung',
        description: 'Vorabberatung zu Ihrem Bauvorhaben, gern mit Plänen am Bildschirm.',
        durationMinutes: 30,
        channel: 'video',
        requiredDocuments: ['Lageplan', 'Skizze des Vorhabens'],
      },
    ],
  },
  {
    name: 'Ausländerbehörde',
    officeName: 'Virtuelle Ausländerbehörde',
    slug: 'auslaenderbehoerde',
    services: [
      {
        name: 'Aufenthaltstitel verlängern (Beratung)',
        description: 'Beratung zur Verlängerung Ihres Aufenthaltstitels, auf Wunsch mit Dolmetscher.',
        durationMinutes: 20,
        channel: 'both',
        requiredDocuments: ['Reisepass', 'aktueller Aufenthaltstitel', 'Nachweis über Einkommen'],
      },
    ],
  },
];

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
}

/** Creates "Stadt Musterstadt" with units, services, offices and staff when no authority exists yet. */
export async function seedDemoIfEmpty(ctx: AppContext) {
  const [{ count } = { count: 0 }] = await ctx.db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM tenants',
  );
  if (count > 0) return null;
  // The operator's provisioning path (npm run operator -- authority:create): the authority and its first
  // administrator with a generated password.
  const provisioned = await provisionAuthority(
    ctx.db,
    {
      slug: 'musterstadt',
      name: 'Stadt Musterstadt',
      holidayState: 'BY',
      admin: { email: 'admin@musterstadt.example', displayName: 'Alex Admin' },
    },
    { actor: 'system:demo-seed' },
  );
  const { tenantId } = provisioned;
  const admin = provisioned.admin!;
  const units = unitRepository(ctx);
  const services = serviceRepository(ctx);
  const offices = officeRepository(ctx);
  const officeIds: string[] = [];
  for (const demo of DEMO_UNITS) {
    const unit = await units.create(tenantId, { name: demo.name, parentId: null });
    for (const service of demo.services) {
      await services.create(tenantId, {
        ...service,
        unitId: unit.id,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 5,
        // As a new service: internet bookings are firm once the citizen opens the mailed link.
        requiresActivation: true,
        intakeFields: [
          { key: 'anliegen', label: 'Ihr Anliegen in Stichworten', type: 'textarea', required: false },
        ],
      });
    }
    const office = await offices.create(tenantId, {
      unitId: unit.id,
      slug: demo.slug,
      name: demo.officeName,
      openingHours: WEEKDAY_HOURS,
      closedDays: [],
      capacity: 30,
      // Where a citizen booked in person goes; every demo office sits in the town hall.
      address: 'Rathausplatz 1, 12345 Musterstadt',
      directions: 'Haupteingang am Marktplatz, Erdgeschoss. Bitte melden Sie sich am Empfang.',
    });
    officeIds.push(office.id);
  }
  const staff = staffRepository(ctx);
  // The first administrator serves every demo office too.
  await staff.update(tenantId, admin.id, {
    email: admin.email,
    displayName: admin.displayName,
    role: 'admin',
    unitId: null,
    officeIds,
    active: true,
  });
  const agent: DemoAccount = {
    role: 'agent',
    email: 'sachbearbeitung@musterstadt.example',
    password: randomPassword(),
  };
  await staff.create(tenantId, {
    ...agent,
    displayName: 'Sam Sachbearbeitung',
    unitId: null,
    officeIds,
    active: true,
  });
  const accounts: DemoAccount[] = [{ role: 'admin', email: admin.email, password: admin.password }, agent];
  return { tenantSlug: 'musterstadt', tenantName: 'Stadt Musterstadt', accounts };
}

const randomPassword = () => randomBytes(12).toString('base64url');
