import { useTranslation } from 'react-i18next';
import type { RoomState } from '../../shared/event-audience';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useAction } from '../hooks/useAction';

/**
 * The room as the hosts see it: how many watch, and locking it against newcomers (those in stay) when
 * the audience is complete or someone keeps coming back to disrupt.
 */
export function HostRoom({
  room,
  maxAudience,
  lock,
}: {
  room: RoomState | null;
  maxAudience: number;
  lock(locked: boolean): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { problem, run } = useAction();
  if (!room) return null;
  return (
    <section className="stack stack--small" aria-labelledby="event-room-heading">
      <h2 id="event-room-heading" className="kern-heading-medium">
        {t('eventHost.room.title')}
      </h2>
      {problem ? <FormAlert message={problem} /> : null}
      <div role="status" className="stack stack--small">
        <p className="kern-body">
          {t('eventHost.room.audience', { count: room.audience, max: maxAudience })}
        </p>
        <p className="kern-body">{t(room.locked ? 'eventHost.room.locked' : 'eventHost.room.open')}</p>
      </div>
      <div>
        <Button variant="secondary" onClick={() => void run(() => lock(!room.locked))}>
          {t(room.locked ? 'eventHost.room.unlock' : 'eventHost.room.lock')}
        </Button>
      </div>
    </section>
  );
}
