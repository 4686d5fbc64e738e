import { type RefObject, useCallback, useEffect, useState } from 'react';

export interface Fullscreen {
  /** The browser lets this page go full screen (not on iPhones, not in some embedded frames). */
  supported: boolean;
  active: boolean;
  toggle(): void;
}

/** The call stage full screen (Fullscreen API); Escape or the same button leaves it. */
export function useFullscreen(target: RefObject<HTMLElement | null>): Fullscreen {
  const [active, setActive] = useState(false);
  const supported =
    typeof document !== 'undefined' &&
    document.fullscreenEnabled === true &&
    typeof HTMLElement.prototype.requestFullscreen === 'function';

  useEffect(() => {
    if (!supported) return;
    const update = () => setActive(target.current !== null && document.fullscreenElement === target.current);
    document.addEventListener('fullscreenchange', update);
    return () => {
      document.removeEventListener('fullscreenchange', update);
      // The call view goes away (the call ended): the page must not stay full screen without it.
      if (document.fullscreenElement && document.fullscreenElement === target.current)
        void document.exitFullscreen().catch(() => {});
    };
  }, [supported, target]);

  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void target.current?.requestFullscreen().catch(() => {});
  }, [target]);

  return { supported, active, toggle };
}
