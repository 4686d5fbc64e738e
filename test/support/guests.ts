import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { openCallTab } from './call-layout';
import type { Person } from './walk-in';

/** Guests in a call as browser tests bring them in: the agent invites, the guest opens the link. */

/** The agent invites a guest in the call view and reads the one-time link from the field shown. */
export async function invite(agent: Page, label: string, shownAs: string) {
  await openCallTab(agent, 'Gäste');
  const panel = agent.getByRole('region', { name: 'Gäste' });
  await panel.getByLabel(/Bezeichnung für die anderen/).fill(label);
  await panel.getByRole('button', { name: 'Gast einladen' }).click();
  await panel.getByText(`${shownAs} ist eingeladen.`, { exact: false }).waitFor();
  const link = panel.getByLabel(`Einladungslink für ${shownAs}`);
  // The fresh link is selected, ready to copy.
  expect(
    await link.evaluate((input: HTMLInputElement) =>
      input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0),
    ),
  ).toBe(await link.inputValue());
  return link.inputValue();
}

/** A guest opens the link, checks the devices and arrives in the call. */
export async function joinAsGuest(guest: Person, link: string) {
  await guest.page.goto(link);
  await guest.page.getByRole('heading', { name: 'Kamera, Mikrofon und Lautsprecher prüfen' }).waitFor();
  // The token left the address bar at once (no Referer, no history entry holds it).
  expect(new URL(guest.page.url()).hash).toBe('');
  await guest.page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await guest.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
}
