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
  hand(hand: HandInput): Promise<unknown>;
}

/**
 * A citizen raises a hand (with a name if they like); when a host gives them the floor, the page asks for
 * the microphone and speaks into the room until the floor is taken back (the server ends it then too).
 */
export function RaiseHand({ client, eventId, own, hand }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const { problem, run } = useAction();
  const [speaking, setSpeaking] = useState<Speaking>('no');

  useEffect(() => {
    if (!own.floor) return setSpeaking('no');
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
  }, [own.floor, client, eventId]);

  return (
    <section className="stack stack--small" aria-labelledby="event-hand-heading">
      <h2 id="event-hand-heading" className="kern-heading-medium">
        {t('eventHand.title')}
      </h2>
      <p className="kern-body" role="status">
        {own.floor ? t(`eventHand.speaking.${speaking}`) : own.raised ? t('eventHand.raised') : ''}
      </p>
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
