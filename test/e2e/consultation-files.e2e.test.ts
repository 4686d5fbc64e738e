import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openCallTab } from '../support/call-layout';
import { samplePdf } from '../support/sample-files';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
} from '../support/walk-in';

const MAX_BYTES = 1024 * 1024;
const walkIn = setUpWalkIn({ env: async () => ({ FILE_MAX_BYTES: String(MAX_BYTES) }) });

const filesList = (page: Page) => page.getByRole('list', { name: 'Dateien' });

/** Chooses a file in the panel's picker and presses "Datei teilen". */
async function share(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel('Datei zum Teilen auswählen').setInputFiles(file);
  await page.getByRole('button', { name: 'Datei teilen' }).click();
}

/** Presses a file's download button and returns the bytes and name the browser saved. */
async function download(page: Page, name: string) {
  const [saved] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `${name} herunterladen` }).click(),
  ]);
  const path = await saved.path();
  return { name: saved.suggestedFilename(), bytes: await readFile(path) };
}

/** The field's error text, and that it is tied to the field (and the field has focus to read it). */
async function expectFieldError(page: Page, text: string) {
  const input = page.getByLabel('Datei zum Teilen auswählen');
  await page.getByText(text).waitFor();
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  const error = await page.evaluate(
    (ids) =>
      ids
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    describedBy,
  );
  expect(error).toContain(text);
  expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
}

describe('files in the consultation', () => {
  it('travel both ways live and arrive byte-identical; refusals are explained at the field', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    // A fresh agent: presence from other tests must not carry over.
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));

    await enterAsCitizen(citizen.page, scene, 'Dana', 'Bescheid klären');
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Dana aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Dana' }).waitFor();
    await citizen.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
    for (const { page } of [citizen, agent]) {
      await openCallTab(page, 'Dateien');
      await page.getByText('Noch keine Dateien geteilt.').waitFor();
      await page.getByText('Erlaubt sind PDF, PNG, JPG, DOCX, XLSX, ODT oder ODS, höchstens 1 MB.').waitFor();
    }

    // Citizen → agent: a PDF, shown to the agent without reloading, downloaded unchanged.
    const pdf = await samplePdf('Bescheid vom 1. März');
    await share(citizen.page, { name: 'Bescheid März.pdf', mimeType: 'application/pdf', buffer: pdf });
    await citizen.page.getByRole('status').getByText('„Bescheid März.pdf“ wurde geteilt.').waitFor();
    expect(await citizen.page.getByLabel('Datei zum Teilen auswählen').inputValue()).toBe('');
    const agentItem = filesList(agent.page).getByRole('listitem').filter({ hasText: 'Bescheid März.pdf' });
    await agentItem.waitFor();
    expect(await agentItem.textContent()).toMatch(/Dana · \d\d:\d\d · PDF · \d+(,\d)?\skB/);
    await agent.page.getByRole('status').getByText('Dana hat „Bescheid März.pdf“ geteilt.').waitFor();
    const atAgent = await download(agent.page, 'Bescheid März.pdf');
    expect(atAgent.name).toBe('Bescheid März.pdf');
    expect(atAgent.bytes.equals(pdf)).toBe(true);

    // Agent → citizen: a PNG (a screenshot of the workspace), downloaded with the visit token.
    const png = await agent.page.screenshot();
    await share(agent.page, { name: 'Hinweise.png', mimeType: 'image/png', buffer: png });
    const citizenItem = filesList(citizen.page).getByRole('listitem').filter({ hasText: 'Hinweise.png' });
    await citizenItem.waitFor();
    expect(await citizenItem.textContent()).toMatch(/Ihre Ansprechperson · \d\d:\d\d · PNG/);
    await citizen.page
      .getByRole('status')
      .getByText('Ihre Ansprechperson hat „Hinweise.png“ geteilt.')
      .waitFor();
    const atCitizen = await download(citizen.page, 'Hinweise.png');
    expect(atCitizen.name).toBe('Hinweise.png');
    expect(atCitizen.bytes.equals(png)).toBe(true);
    expect(await filesList(citizen.page).getByRole('listitem').count()).toBe(2);

    // A program renamed to .pdf: the server judges the content and refuses; the text says why.
    const elf = Buffer.alloc(4096);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    await share(citizen.page, { name: 'Formular.pdf', mimeType: 'application/pdf', buffer: elf });
    await expectFieldError(
      citizen.page,
      'Diese Art von Datei kann nicht geteilt werden. Erlaubt sind PDF, PNG, JPG, DOCX, XLSX, ODT oder ODS.',
    );
    await expectNoAxeViolations(citizen.page, 'call with files and an upload error');
    await snap(citizen.page, 'files-citizen');

    // Too large: refused before sending, with the limit in words.
    const big = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES)]);
    await share(citizen.page, { name: 'Scan.pdf', mimeType: 'application/pdf', buffer: big });
    await expectFieldError(citizen.page, 'Die Datei ist zu groß. Erlaubt sind höchstens 1 MB.');

    // Empty: the server's 400 in words.
    await share(agent.page, { name: 'leer.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
    await expectFieldError(agent.page, 'Die Datei ist leer. Bitte wählen Sie eine andere.');

    // Nothing refused reached the list, on either side.
    for (const { page } of [citizen, agent])
      expect(await filesList(page).getByRole('listitem').count()).toBe(2);
    await expectNoAxeViolations(agent.page, 'staff call with files');
    await snap(agent.page, 'files-agent');

    await expectNoErrorsThenClose(citizen, agent);
  }, 120_000);
});
