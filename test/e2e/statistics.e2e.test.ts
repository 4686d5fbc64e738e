import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/admin';
import { type ExpectedFilter, expectedStatistics } from '../api/statistics-expected';
import {
  createStatisticsWorld,
  generateSeed,
  insertSeed,
  type Seed,
  type StatisticsWorld,
} from '../support/statistics-seed';
import {
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  snap,
} from '../support/walk-in';

/**
 * The statistics page as a team lead and a reporting colleague use it: filter a period, read the
 * figures (equal to those computed from the seeded visits), download the spreadsheet; axe-clean in
 * German and English, charts included.
 */
const shared = setUpWalkIn();
const PERIOD = { from: '2026-09-28', to: '2026-11-22' };
let world: StatisticsWorld;
let seed: Seed;

beforeAll(async () => {
  const { server, tenant, agent } = shared.scene;
  world = await createStatisticsWorld(server.ctx, tenant, agent.id);
  seed = generateSeed(world, { count: 1000, firstDay: PERIOD.from, days: 56, seed: 4711 });
  await insertSeed(server.ctx.db, world, seed);
});

const base = () => shared.scene.server.baseUrl;

/** A colleague of the role signed in (by the session cookie) on the statistics page, reached by the admin navigation. */
async function openStatistics(role: Role, language: 'de' | 'en') {
  const person = await newPerson(shared.browser, { language });
  const staff = await shared.scene.tenant.staff(role);
  const [name, ...value] = staff.cookie.split('=');
  await person.context.addCookies([{ name: name!, value: value.join('='), url: base() }]);
  await person.page.goto(`${base()}/admin`);
  const link = language === 'en' ? 'Statistics' : 'Statistik';
  await person.page
    .getByRole('navigation', { name: language === 'en' ? 'Administration' : 'Verwaltung' })
    .getByRole('link', { name: link, exact: true })
    .click();
  await person.page.getByRole('heading', { level: 1, name: link }).waitFor();
  return person;
}

/** Sets the period in the filter form and waits until the figures of it are shown. */
async function choosePeriod(
  page: Page,
  labels: { from: string; to: string; apply: string; updated: string },
) {
  await page.getByLabel(labels.from, { exact: true }).fill(PERIOD.from);
  await page.getByLabel(labels.to, { exact: true }).fill(PERIOD.to);
  await page.getByRole('button', { name: labels.apply }).click();
  await page.getByRole('status').getByText(labels.updated).waitFor();
}

/** The text of a table cell: the row named `row` in the table captioned `table`, column `column`. */
async function cell(page: Page, table: string, row: string, column: string) {
  const grid = page.getByRole('table', { name: table });
  const headers = await grid.getByRole('columnheader').allTextContents();
  const cells = await grid
    .getByRole('row', { name: new RegExp(`^${row}\\b`) })
    .getByRole('cell')
    .allTextContents();
  // The first column is the row's header, not a cell.
  return cells[headers.indexOf(column) - 1];
}

const filterFor = (officeIds: string[] | null): ExpectedFilter => ({
  timeZone: world.timeZone,
  ...PERIOD,
  officeIds,
  serviceId: null,
});

describe('statistics page', () => {
  it('shows a lead the figures of their offices, equal to those computed from the visits (German)', async () => {
    const person = await openStatistics('lead', 'de');
    const { page } = person;
    await choosePeriod(page, {
      from: 'Von',
      to: 'Bis',
      apply: 'Anzeigen',
      updated: 'Die Statistik ist aktualisiert.',
    });
    expect(page.url()).toContain('from=2026-09-28');
    const ownOffices = world.offices.filter((o) => o.unitId === shared.scene.tenant.unitId).map((o) => o.id);
    const expected = expectedStatistics(seed, filterFor(ownOffices));
    const total = expected.get('total:total')!;
    expect(await page.getByTestId('total-cases').textContent()).toBe(String(total.counts.cases));
    expect(await page.getByTestId('total-served').textContent()).toBe(String(total.counts.served));
    expect(await page.getByTestId('total-wait').textContent()).toBe(
      `Median ${total.wait.median} min, 90 % ${total.wait.p90} min, höchstens ${total.wait.max} min`,
    );
    const summary = await page.getByTestId('statistics-summary').textContent();
    expect(summary).toContain(`${total.counts.cases} Vorsprachen`);

    // The office table, row by row as computed; the Bauamt's office is not the lead's.
    const mitte = expected.get(`office:${world.offices[0]!.id}`)!;
    expect(await cell(page, 'Vorsprachen nach Büro: alle Werte', 'Bürgerbüro Mitte', 'Vorsprachen')).toBe(
      String(mitte.counts.cases),
    );
    expect(
      await cell(
        page,
        'Wartezeit und Gesprächsdauer nach Büro: alle Werte',
        'Bürgerbüro Mitte',
        'Wartezeit Median (min)',
      ),
    ).toBe(String(mitte.wait.median));
    expect(
      await page
        .getByRole('table', { name: 'Vorsprachen nach Büro: alle Werte' })
        .getByText('Bauberatung')
        .count(),
    ).toBe(0);
    const tuesday = expected.get('weekday:2')!;
    expect(await cell(page, 'Vorsprachen nach Wochentag: alle Werte', 'Dienstag', 'Bedient')).toBe(
      String(tuesday.counts.served),
    );
    // Saturdays are rare: their small figures show as "< 5".
    const saturday = expected.get('weekday:6');
    if (saturday && saturday.counts.cases! < 5) {
      expect(await cell(page, 'Vorsprachen nach Wochentag: alle Werte', 'Samstag', 'Vorsprachen')).toBe(
        '< 5',
      );
    }
    // Every chart is an image named by its title and summary.
    const charts = page.getByRole('img', {
      name: /^Vorsprachen nach Büro Die meisten Vorsprachen: Bürgerbüro Mitte/,
    });
    expect(await charts.count()).toBe(1);
    // Capacity offered vs booked: a chart named by title and summary, and its table.
    await page
      .getByRole('img', { name: /^Anteil gebuchter Termine nach Büro und Dienstleistung \d+ Zeilen\./ })
      .waitFor();
    const capacity = page.getByRole('table', {
      name: 'Anteil gebuchter Termine nach Büro und Dienstleistung',
    });
    expect(await capacity.getByRole('row').count()).toBeGreaterThan(1);
    await expectNoAxeViolations(page, 'statistics page (de)');
    await snap(page, 'statistics-de');
    await expectNoErrorsThenClose(person);
  });

  it('is axe-clean in English for the reporting role and downloads the same figures as XLSX', async () => {
    const person = await openStatistics('reporting', 'en');
    const { page } = person;
    // The reporting role serves no office: its navigation has no workspace.
    expect(await page.getByRole('link', { name: 'Workspace' }).count()).toBe(0);
    await choosePeriod(page, {
      from: 'From',
      to: 'To',
      apply: 'Show',
      updated: 'The statistics are up to date.',
    });
    const total = expectedStatistics(seed, filterFor(null)).get('total:total')!;
    expect(await page.getByTestId('total-cases').textContent()).toBe(String(total.counts.cases));
    await page.getByRole('heading', { name: 'By time of day' }).waitFor();
    await page.getByRole('heading', { name: 'Appointment capacity' }).waitFor();
    await page
      .getByRole('img', { name: /^Share of appointments booked by office and service \d+ rows\./ })
      .waitFor();
    await expectNoAxeViolations(page, 'statistics page (en)');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as Excel file (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('statistik-2026-09-28-2026-11-22.xlsx');
    const dir = mkdtempSync(join(tmpdir(), 'amtsraum-xlsx-'));
    try {
      const file = join(dir, 'statistics.xlsx');
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.getWorksheet('Total')!;
      expect(sheet.getCell('A1').value).toBe('Label');
      expect(sheet.getCell('B2').value).toBe(total.counts.cases);
      expect(workbook.getWorksheet('Weekday')!.getCell('A2').value).toBe('Monday');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await snap(page, 'statistics-en');
    await expectNoErrorsThenClose(person);
  });
});
