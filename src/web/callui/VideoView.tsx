import { useEffect, useRef } from 'react';
import { applySpeaker } from './devices';

interface VideoViewProps {
  stream: MediaStream | null;
  className: string;
  /** Own picture: always muted (no echo) and mirrored like a mirror. */
  self?: boolean;
  /** Mirroring of an own picture; a shared screen is shown as it is (false). */
  mirrored?: boolean;
  /** Remote picture muted because the browser refused to autoplay sound. */
  muted?: boolean;
  speakerId?: string | undefined;
  label: string;
  /** Autoplay with sound was refused; the UI offers a button to turn sound on. */
  onAutoplayBlocked?: () => void;
}

/** A <video> showing a MediaStream; started from script (no autoplay attribute, CSP-safe, no inline style). */
export function VideoView({
  stream,
  className,
  self,
  mirrored = self,
  muted,
  speakerId,
  label,
  onAutoplayBlocked,
}: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: play() again when muting changes what autoplay allows
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) return;
    video.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') onAutoplayBlocked?.();
    });
  }, [stream, muted, onAutoplayBlocked]);
  useEffect(() => {
    if (ref.current && !self) void applySpeaker(ref.current, speakerId);
  }, [speakerId, self]);
  return (
    <video
      ref={ref}
      className={`${className}${mirrored ? ' video--mirrored' : ''}`}
      muted={self || muted}
      playsInline
      aria-label={label}
    />
  );
}
