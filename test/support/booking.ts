import type { Page } from 'playwright-core';
import { serviceRepository } from '../../src/server/modules/admin/services';
import type { WalkInScene } from './walk-in';

/**
 * Booking helpers for browser tests: a bookable video service in the walk-in scene's unit (its first
 * office by name, "Bürgerbüro", takes the appointments) and keyboard navigation. Internet bookings are
 * firm at once unless `requiresActivation` (the activation flow has its own test).
 */
export async function addBookableService(scene: WalkInScene, { requiresActivation = false } = {}) {
  return serviceRepository(scene.server.ctx).create(scene.tenant.tenantId, {
    unitId: scene.tenant.unitId,
    requiresActivation,
    name: 'Wohnsitz anmelden',
    description: 'Anmeldung nach einem Umzug, per Video.',
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    channel: 'video',
    requiredDocuments: ['Personalausweis', 'Wohnungsgeberbestätigung'],
    intakeFields: [
      { key: 'aktenzeichen', label: 'Aktenzeichen', type: 'text', required: true },
      {
        key: 'personen',
        label: 'Anzahl der Personen',
        type: 'select',
        required: true,
        options: ['1', '2', '3'],
      },
      { key: 'dolmetsch', label: 'Ich brauche Dolmetschung', type: 'checkbox', required: false },
    ],
  });
}

/** Presses Tab until the focused element matches; fails after many presses. */
export async function tabTo(page: Page, target: { text?: string | RegExp; id?: string }, shift = false) {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { id: el?.id ?? '', text: el?.textContent?.replace(/\s+/g, ' ').trim() ?? '' };
    });
    if (target.id !== undefined ? focused.id === target.id : matches(focused.text, target.text)) return;
  }
  throw new Error(`Tab never reached ${String(target.id ?? target.text)}`);
}

const matches = (text: string, wanted: string | RegExp | undefined) =>
  wanted instanceof RegExp ? wanted.test(text) : text === wanted;

/** The text of the focused element. */
export const focusedText = (page: Page) =>
  page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim());

/** The manage and join links of a booking mail's plain text. */
export function linksIn(text: string) {
  return {
    manage: text.match(/https?:\/\/\S+\/termin#[A-Za-z0-9_-]{43}/)?.[0],
    join: text.match(/https?:\/\/\S+\/termin\/beitreten#[A-Za-z0-9_-]{43}/)?.[0],
  };
}
