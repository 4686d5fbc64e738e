import { randomBytes } from 'node:crypto';
import type { OpeningHours, Role, ServiceInput } from '../../shared/admin';
import type { AppContext } from '../context';
import { officeRepository } from '../modules/admin/offices';
import { serviceRepository } from '../modules/admin/services';
import { staffRepository } from '../modules/admin/staff';
import { unitRepository } from '../modules/admin/units';
import { createTenant } from '../modules/tenants/provision';

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

const DEMO_UNITS: { name: string; slug: string; services: DemoService[] }[] = [
  {
    name: 'Bürgeramt',
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
  const tenantId = await createTenant(ctx.db, {
    slug: 'musterstadt',
    name: 'Stadt Musterstadt',
    holidayState: 'BY',
  });
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
      name: `Virtuelles ${demo.name}`,
      openingHours: WEEKDAY_HOURS,
      closedDays: [],
      capacity: 30,
    });
    officeIds.push(office.id);
  }
  const staff = staffRepository(ctx);
  const accounts: DemoAccount[] = [
    { role: 'admin', email: 'admin@musterstadt.example', password: randomPassword() },
    { role: 'agent', email: 'sachbearbeitung@musterstadt.example', password: randomPassword() },
  ];
  const names: Record<Role, string> = {
    admin: 'Alex Admin',
    lead: 'Lea Leitung',
    agent: 'Sam Sachbearbeitung',
  };
  for (const account of accounts) {
    await staff.create(tenantId, {
      ...account,
      displayName: names[account.role],
      unitId: null,
      officeIds,
      active: true,
    });
  }
  return { tenantSlug: 'musterstadt', tenantName: 'Stadt Musterstadt', accounts };
}

const randomPassword = () => randomBytes(12).toString('base64url');
