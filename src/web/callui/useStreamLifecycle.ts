import { useEffect, useRef } from 'react';
import { loadDevicePrefs, openWithPrefs, stopStream } from './devices';

interface StreamLifecycle {
  /** In the queue or the call: a reloaded page reopens the devices chosen before, without asking. */
  active: boolean;
  /** Over: the camera and microphone go off, and `onFinished` runs (e.g. the tab forgets the visit). */
  finished: boolean;
  onFinished(): void;
}

/** Opens, and above all stops, a call page's local media at the right moments. */
export function useStreamLifecycle(
  stream: MediaStream | null,
  setStream: (stream: MediaStream | null) => void,
  { active, finished, onFinished }: StreamLifecycle,
) {
  const streamRef = useRef(stream);
  streamRef.current = stream;
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;

  useEffect(() => {
    if (!active || streamRef.current) return;
    let cancelled = false;
    openWithPrefs(loadDevicePrefs()).then((media) => {
      if (cancelled) stopStream(media.stream);
      else setStream(media.stream);
    });
    return () => {
      cancelled = true;
    };
  }, [active, setStream]);

  useEffect(() => {
    if (!finished) return;
    onFinishedRef.current();
    stopStream(streamRef.current);
    setStream(null);
  }, [finished, setStream]);

  useEffect(() => () => stopStream(streamRef.current), []);
}
