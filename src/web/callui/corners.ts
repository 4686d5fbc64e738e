/** Where one's own small picture sits over the stage. */
export type Corner = 'top-left' | 'top-right' | 'bottom-right' | 'bottom-left';

/** Clockwise, so pressing the move button walks the picture round the stage. */
export const CORNERS: readonly Corner[] = ['top-left', 'top-right', 'bottom-right', 'bottom-left'];

/** Starts bottom right: out of the way of the status at the top left and the tools at the top right. */
export const DEFAULT_CORNER: Corner = 'bottom-right';

/** The next corner clockwise (the keyboard's way to move the picture). */
export function nextCorner(corner: Corner): Corner {
  return CORNERS[(CORNERS.indexOf(corner) + 1) % CORNERS.length]!;
}

/**
 * The corner a dragged picture snaps to: the quarter of the stage its centre was dropped in
 * (`x`, `y` relative to the stage's top left; outside the stage counts as its nearest edge).
 */
export function nearestCorner(x: number, y: number, width: number, height: number): Corner {
  const top = y < height / 2;
  const left = x < width / 2;
  if (top) return left ? 'top-left' : 'top-right';
  return left ? 'bottom-left' : 'bottom-right';
}
