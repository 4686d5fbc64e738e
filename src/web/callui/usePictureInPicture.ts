import { useCallback, useEffect, useState } from 'react';

export interface PictureInPicture {
  /** The browser offers picture-in-picture for videos (Chromium and Safari do, Firefox does not). */
  supported: boolean;
  active: boolean;
  toggle(): void;
}

/**
 * The other person's video in a floating window of its own, so the call stays in view while the person
 * looks something up in another tab. `video()` finds the picture to float when the button is pressed.
 */
export function usePictureInPicture(video: () => HTMLVideoElement | null): PictureInPicture {
  const [active, setActive] = useState(false);
  const supported =
    typeof document !== 'undefined' &&
    document.pictureInPictureEnabled === true &&
    typeof HTMLVideoElement.prototype.requestPictureInPicture === 'function';

  useEffect(() => {
    if (!supported) return;
    const update = () => setActive(document.pictureInPictureElement !== null);
    // The events fire at the video; capturing on the document hears them whichever video it is.
    document.addEventListener('enterpictureinpicture', update, true);
    document.addEventListener('leavepictureinpicture', update, true);
    return () => {
      document.removeEventListener('enterpictureinpicture', update, true);
      document.removeEventListener('leavepictureinpicture', update, true);
      if (document.pictureInPictureElement) void document.exitPictureInPicture().catch(() => {});
    };
  }, [supported]);

  const toggle = useCallback(() => {
    if (document.pictureInPictureElement) void document.exitPictureInPicture().catch(() => {});
    else
      void video()
        ?.requestPictureInPicture()
        .catch(() => {});
  }, [video]);

  return { supported, active, toggle };
}
