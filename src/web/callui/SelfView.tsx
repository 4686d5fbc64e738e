import { type PointerEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallIcon } from './CallIcon';
import { type Corner, DEFAULT_CORNER, nearestCorner, nextCorner } from './corners';

interface Drag {
  pointerId: number;
  x: number;
  y: number;
  moved: boolean;
}

/** A drag shorter than this is a tap, not a move. */
const DRAG_THRESHOLD_PX = 6;

/**
 * One's own picture, small over a corner of the stage. A finger or the mouse drags it and it snaps to
 * the nearest corner; the keyboard moves it with its button, one corner clockwise per press. While a
 * shared screen fills the stage it is `docked` beside the others' pictures instead, covering nothing.
 */
export function SelfView({ children, docked }: { children: ReactNode; docked: boolean }) {
  const { t } = useTranslation();
  const [corner, setCorner] = useState<Corner>(DEFAULT_CORNER);
  const [moved, setMoved] = useState(false);
  const drag = useRef<Drag | null>(null);

  const place = (next: Corner) => {
    setCorner(next);
    setMoved(true);
  };

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (docked || event.button !== 0 || (event.target as Element).closest('button')) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const dx = event.clientX - current.x;
    const dy = event.clientY - current.y;
    if (!current.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
    current.moved = true;
    // CSSOM, not a style attribute: allowed by the page's style-src policy.
    event.currentTarget.style.translate = `${dx}px ${dy}px`;
  }

  function onPointerEnd(event: PointerEvent<HTMLDivElement>) {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drag.current = null;
    const element = event.currentTarget;
    const stage = element.parentElement?.getBoundingClientRect();
    if (current.moved && stage && event.type === 'pointerup') {
      const box = element.getBoundingClientRect();
      const x = box.left + box.width / 2 - stage.left;
      const y = box.top + box.height / 2 - stage.top;
      place(nearestCorner(x, y, stage.width, stage.height));
    }
    element.style.translate = '';
  }

  return (
    <div
      className={`call-self ${docked ? 'call-self--docked' : `call-self--${corner}`}`}
      data-corner={docked ? undefined : corner}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
    >
      {children}
      {docked ? null : (
        <button type="button" className="call-self__move" onClick={() => place(nextCorner(corner))}>
          <CallIcon name="move" />
          <span className="kern-sr-only">{t('call.self.move')}</span>
        </button>
      )}
      <p role="status" className="kern-sr-only">
        {moved ? t('call.self.placed', { corner: t(`call.self.corner.${corner}`) }) : ''}
      </p>
    </div>
  );
}
