import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HAND_NAME_MAX_LENGTH, type HandInput } from '../../shared/event-audience';
import type { RealtimeClient } from '../call/realtime-client';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { TextField } from '../components/TextField';
import { useAction } from '../hooks/useAction';
import { publishStage } from './stage-media';

type Speaking = 'no' | 'starting' | 'live' | 'no-microphone';

interface Props {
  client: RealtimeClient;
  eventId: string;
  own: { raised: boolean; floor: boolean };
  /** The event is being recorded: a citizen given the floor is asked first whether they may be. */
  recording: boolean;
  hand(hand: HandInput): Promise<unknown>;
}

/**
 * A citizen raises a hand (with a name if they like); when a host gives them the floor, the page asks for
 * the microphone and speaks into the room until the floor is taken back (the server ends it then too).
 * While the event is recorded, the page first asks whether they agree to be recorded; the answer holds
 * for this turn (a recording started later does not record them).
 */
export function RaiseHand({ client, eventId, own, recording, hand }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const { problem, run } = useAction();
  const [speaking, setSpeaking] = useState<Speaking>('no');
  /** This turn's answer; null: not given yet (asked while recording). */
  const [consent, setConsent] = useState<boolean | null>(null);

  useEffect(() => {
    if (!own.floor) setConsent(null);
    else if (!recording) setConsent((given) => given ?? false);
  }, [own.floor, recording]);

  useEffect(() => {
    if (!own.floor || consent === null) return setSpeaking('no');
    let stop = () => {};
    let ended = false;
    setSpeaking('starting');
    navigator.mediaDevices.getUserMedia({ audio: true, video: false }).then(
      (stream) => {
        const stage = publishStage(
          client,
          eventId,
          stream,
          (live) => !ended && setSpeaking(live ? 'live' : 'starting'),
          { recordingConsent: consent },
        );
        stop = () => {
          stage.stop();
          for (const track of stream.getTracks()) track.stop();
        };
        if (ended) stop();
      },
      () => !ended && setSpeaking('no-microphone'),
    );
    return () => {
      ended = true;
      stop();
    };
  }, [own.floor, consent, client, eventId]);

  return (
    <section className="stack stack--small" aria-labelledby="event-hand-heading">
      <h2 id="event-hand-heading" className="kern-heading-medium">
        {t('eventHand.title')}
      </h2>
      <p className="kern-body" role="status">
        {own.floor ? t(`eventHand.speaking.${speaking}`) : own.raised ? t('eventHand.raised') : ''}
      </p>
      {own.floor && consent === null ? (
        <div className="stack stack--small">
          <p className="kern-body">{t('events.recording.consent')}</p>
          <div className="button-row">
            <Button onClick={() => setConsent(true)}>{t('events.recording.consentYes')}</Button>
            <Button variant="secondary" onClick={() => setConsent(false)}>
              {t('events.recording.consentNo')}
            </Button>
          </div>
        </div>
      ) : null}
      {own.floor ? null : (
        <>
          <p className="kern-body">{t('eventHand.intro')}</p>
          <TextField
            id="event-hand-name"
            label={t('eventHand.name')}
            hint={t('eventHand.nameHint')}
            optional
            maxLength={HAND_NAME_MAX_LENGTH}
            autoComplete="name"
            value={name}
            onChange={setName}
          />
          {problem ? <FormAlert message={problem} /> : null}
          <div>
            <Button
              variant={own.raised ? 'secondary' : 'primary'}
              onClick={() => void run(() => hand({ raised: !own.raised, name }))}
            >
              {own.raised ? t('eventHand.lower') : t('eventHand.raise')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
