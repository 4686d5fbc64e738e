import { describe, expect, it } from 'vitest';
import { markShown, noteArrivals, unreadCount } from './unread';

describe('unread counts of a side-panel tab', () => {
  it('the first list is history, not news', () => {
    expect(unreadCount(noteArrivals(undefined, ['a', 'b', 'c'], false))).toBe(0);
  });

  it('counts what arrives while the tab is hidden, until it is shown', () => {
    let tally = noteArrivals(undefined, ['a'], false);
    tally = noteArrivals(tally, ['a', 'b'], false);
    tally = noteArrivals(tally, ['a', 'b', 'c'], false);
    expect(unreadCount(tally)).toBe(2);
    // The same list again (a re-render, a reconnect reloading the history) adds nothing.
    tally = noteArrivals(tally, ['a', 'b', 'c'], false);
    expect(tally.unseen).toEqual(['b', 'c']);
    tally = markShown(tally);
    expect(unreadCount(tally)).toBe(0);
    tally = noteArrivals(tally, ['a', 'b', 'c', 'd'], false);
    expect(tally.unseen).toEqual(['d']);
  });

  it('nothing counts while the tab is shown', () => {
    let tally = noteArrivals(undefined, [], true);
    tally = noteArrivals(tally, ['a'], true);
    tally = noteArrivals(tally, ['a', 'b'], true);
    expect(unreadCount(tally)).toBe(0);
    expect(unreadCount(noteArrivals(tally, ['a', 'b', 'c'], false))).toBe(1);
  });

  it('an item that went away (a message withdrawn) no longer counts', () => {
    let tally = noteArrivals(undefined, ['a'], false);
    tally = noteArrivals(tally, ['a', 'b', 'c'], false);
    tally = noteArrivals(tally, ['a', 'c'], false);
    expect(tally.unseen).toEqual(['c']);
  });
});
