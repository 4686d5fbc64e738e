import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RealtimeClient } from '../call/realtime-client';
import { watchStage } from './stage-media';

/**
 * The voice of the citizen given the floor, played while they speak, and a polite status saying so.
 * An <audio> without controls, started from script (no autoplay attribute).
 */
export function FloorAudio({ client, eventId }: { client: RealtimeClient; eventId: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLAudioElement>(null);
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => {
    const listening = watchStage(
      client,
      eventId,
      (stream) => {
        const audio = ref.current;
        setSpeaking(stream !== null);
        if (!audio) return;
        audio.srcObject = stream;
        if (stream) void audio.play().catch(() => {});
      },
      'listen',
    );
    return () => listening.stop();
  }, [client, eventId]);
  return (
    <p className="kern-body" role="status">
      {speaking ? t('eventHand.citizenSpeaking') : ''}
      {/* biome-ignore lint/a11y/useMediaCaption: live speech has no caption track; the status says someone speaks */}
      <audio ref={ref} />
    </p>
  );
}
