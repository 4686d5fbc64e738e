import type { OfficeInput, ServiceInput } from '../../src/shared/admin';

/** Valid admin bodies; tests change single fields to probe one rule at a time. */
export const serviceBody = (unitId: string): ServiceInput => ({
  unitId,
  name: 'Wohnsitz anmelden',
  description: 'Beratung zur Anmeldung',
  durationMinutes: 15,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 5,
  channel: 'video',
  requiredDocuments: ['Personalausweis'],
  intakeFields: [{ key: 'anliegen', label: 'Anliegen', type: 'text', required: false }],
  // Internet bookings firm at once, so booking tests need no activation step; the activation has its own
  // tests (booking-activation.test.ts). New services have it on.
  requiresActivation: false,
});

export const officeBody = (unitId: string, slug = 'buergeramt'): OfficeInput => ({
  unitId,
  name: 'Virtuelles Bürgeramt',
  slug,
  openingHours: { mon: [{ from: '08:00', to: '12:00' }], thu: [{ from: '14:00', to: '18:00' }] },
  closedDays: ['2026-12-24'],
  capacity: 20,
  address: 'Rathausplatz 1, 12345 Musterstadt',
  directions: 'Eingang B, 2. Stock, Zimmer 204',
});
