/**
 * Which fake device a decoded picture comes from, told by its shape rather than its size: Chromium's
 * fake camera is 640×480 (4:3) and its fake screen 1280×720 (16:9); a busy sender scales its picture
 * down (CPU or bandwidth adaptation, e.g. several pages on two cores) but keeps the aspect ratio.
 */
export type VideoSource = 'camera' | 'screen';

const SHAPES: Record<VideoSource, number> = { camera: 4 / 3, screen: 16 / 9 };

export function sourceOfFrame(width: number, height: number): VideoSource | null {
  if (width <= 0 || height <= 0) return null;
  const ratio = width / height;
  const match = (Object.keys(SHAPES) as VideoSource[]).find((s) => Math.abs(ratio - SHAPES[s]) < 0.05);
  return match ?? null;
}
