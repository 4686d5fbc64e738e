import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Measuring the call screen as a person sees it: boxes of what is inside the viewport, for browser
 * tests that assert the layout (the other person biggest, the bar on screen, one's own picture small).
 */

/** The viewports the call screen is held to: a phone upright and sideways, a desktop. */
export const PHONE = { width: 375, height: 667 };
export const PHONE_SIDEWAYS = { width: 667, height: 375 };
export const DESKTOP = { width: 1920, height: 1080 };

export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface CallLayout {
  viewport: { width: number; height: number };
  /** The main picture (the other person's video, or a shared screen): its box and how much of it is inside the viewport. */
  remote: Box & { area: number; visibleArea: number };
  /** The biggest other element inside the viewport that neither holds nor is the main picture. */
  largestOther: { area: number; what: string };
  bar: Box;
  selfArea: number;
  panelOpen: boolean;
  /** document.scrollingElement.scrollHeight: above the viewport's height the page scrolls. */
  scrollHeight: number;
}

/** The main picture while nobody shares: the (first) other person's video. */
export const REMOTE_VIDEO = 'video.call-tile__video';
/** The main picture while someone shares a screen. */
export const SHARED_SCREEN = 'video.call-share__video';

export function measureCall(page: Page, main = REMOTE_VIDEO): Promise<CallLayout> {
  return page.evaluate((mainSelector) => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    const box = (element: Element) => {
      const r = element.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const visibleArea = (r: { top: number; bottom: number; left: number; right: number }) =>
      Math.max(0, Math.min(r.right, width) - Math.max(r.left, 0)) *
      Math.max(0, Math.min(r.bottom, height) - Math.max(r.top, 0));
    // What is seen of an element: its box cut by every ancestor that clips (a scrolling log, the stage).
    const seenBox = (element: Element) => {
      const seen = box(element);
      for (let up = element.parentElement; up; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const clip = box(up);
        seen.top = Math.max(seen.top, clip.top);
        seen.left = Math.max(seen.left, clip.left);
        seen.bottom = Math.min(seen.bottom, clip.bottom);
        seen.right = Math.min(seen.right, clip.right);
      }
      return seen;
    };
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${[...element.classList].join('.')}`;
    const remote = document.querySelector(mainSelector);
    const bar = document.querySelector('.call-bar');
    const self = document.querySelector('.call-self');
    if (!remote || !bar || !self) throw new Error('no call screen on this page');
    const largestOther = { area: 0, what: '' };
    for (const element of document.body.querySelectorAll('*')) {
      if (element === remote || element.contains(remote)) continue;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const area = visibleArea(seenBox(element));
      if (area > largestOther.area) Object.assign(largestOther, { area, what: name(element) });
    }
    const remoteBox = box(remote);
    const selfBox = self.getBoundingClientRect();
    return {
      viewport: { width, height },
      remote: {
        ...remoteBox,
        area: (remoteBox.right - remoteBox.left) * (remoteBox.bottom - remoteBox.top),
        visibleArea: visibleArea(seenBox(remote)),
      },
      largestOther,
      bar: box(bar),
      selfArea: selfBox.width * selfBox.height,
      panelOpen: !document.querySelector('.call-panel')?.hasAttribute('hidden'),
      scrollHeight: document.scrollingElement?.scrollHeight ?? 0,
    };
  }, main);
}

/** The boxes of what a selector finds on the page, in document order. */
export function boxesOf(page: Page, selector: string): Promise<(Box & { what: string })[]> {
  return page.evaluate(
    (wanted) =>
      [...document.querySelectorAll(wanted)].map((element) => {
        const { top, bottom, left, right } = element.getBoundingClientRect();
        const what = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
        return { top, bottom, left, right, what };
      }),
    selector,
  );
}

/** Whether two boxes share more than a rounding error of area. */
export function overlap(a: Box, b: Box): boolean {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 0.5 && height > 0.5;
}

/** The element seen at a box's centre lies inside `selector`'s element there (nothing covers it). */
export function uncovered(page: Page, box: Box, selector: string): Promise<boolean> {
  return page.evaluate(({ x, y, wanted }) => document.elementFromPoint(x, y)?.closest(wanted) !== null, {
    x: (box.left + box.right) / 2,
    y: (box.top + box.bottom) / 2,
    wanted: selector,
  });
}

export function insideViewport(box: Box, viewport: { width: number; height: number }): boolean {
  return (
    box.top >= 0 && box.left >= 0 && box.bottom <= viewport.height + 0.5 && box.right <= viewport.width + 0.5
  );
}

/** Scrolls whatever scrolls in the open side panel to its end, then the page to its end and back to the top. */
export async function scrollPanelThenPage(page: Page, to: 'end' | 'top') {
  await page.evaluate((where) => {
    for (const element of document.querySelectorAll('.call-panel *')) {
      if (element.scrollHeight > element.clientHeight) element.scrollTop = element.scrollHeight;
    }
    const end = document.scrollingElement?.scrollHeight ?? 0;
    window.scrollTo({ top: where === 'end' ? end : 0, behavior: 'instant' });
  }, to);
}

/** Opens a tab of the call's side panel by its name (opening the panel first on phones). */
export async function openCallTab(page: Page, name: string) {
  const toggle = page.getByRole('button', { name: /^Chat und Dateien(\W+\d+ neu)?$/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
}

/** Waits two frames: layout and the resize handlers have run. */
export const settled = (page: Page) =>
  page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Guests: one tile each, side by side or stacked, all inside the viewport, none over another. */
export async function expectTileGrid(page: Page, tiles: number, where: string) {
  const boxes = await boxesOf(page, '.call-tile');
  expect(boxes, where).toHaveLength(tiles);
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  for (const box of boxes) {
    expect(insideViewport(box, viewport), `${where}: ${box.what} ${JSON.stringify(box)}`).toBe(true);
  }
  boxes.forEach((box, i) => {
    for (const other of boxes.slice(i + 1)) {
      expect(overlap(box, other), `${where}: ${box.what} over ${other.what}`).toBe(false);
    }
  });
}
