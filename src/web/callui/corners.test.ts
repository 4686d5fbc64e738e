import { describe, expect, it } from 'vitest';
import { CORNERS, nearestCorner, nextCorner } from './corners';

describe('self-view corners', () => {
  it('the move button walks clockwise and comes back after four presses', () => {
    expect(nextCorner('top-left')).toBe('top-right');
    expect(nextCorner('top-right')).toBe('bottom-right');
    expect(nextCorner('bottom-right')).toBe('bottom-left');
    expect(nextCorner('bottom-left')).toBe('top-left');
    for (const corner of CORNERS) {
      expect(nextCorner(nextCorner(nextCorner(nextCorner(corner))))).toBe(corner);
    }
  });

  it('a dropped picture snaps to the quarter its centre is in', () => {
    expect(nearestCorner(10, 10, 400, 300)).toBe('top-left');
    expect(nearestCorner(390, 10, 400, 300)).toBe('top-right');
    expect(nearestCorner(390, 290, 400, 300)).toBe('bottom-right');
    expect(nearestCorner(10, 290, 400, 300)).toBe('bottom-left');
    // Dragged beyond the stage: the nearest edge decides.
    expect(nearestCorner(-50, 900, 400, 300)).toBe('bottom-left');
    expect(nearestCorner(900, -50, 400, 300)).toBe('top-right');
    // Exactly on the middle lines: bottom and right.
    expect(nearestCorner(200, 150, 400, 300)).toBe('bottom-right');
  });
});
