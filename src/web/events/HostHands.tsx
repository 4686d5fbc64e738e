import { useTranslation } from 'react-i18next';
import type { Floor, Hand } from '../../shared/event-audience';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useAction } from '../hooks/useAction';

/**
 * The raised hands, oldest first, with "give the floor"; who has it, with "take off the stage"; and
 * for each, removing them from the event (a disruptive speaker, a hand raised only to shout).
 */
export function HostHands({
  hands,
  floor,
  give,
  take,
  remove,
}: {
  hands: Hand[];
  floor: Floor;
  give(seatId: string): Promise<unknown>;
  take(): Promise<unknown>;
  remove(seatId: string): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { problem, run } = useAction();
  const nameOf = (name: string) => name || t('eventHost.hands.anonymous');
  return (
    <section className="stack stack--small" aria-labelledby="event-hands-heading">
      <h2 id="event-hands-heading" className="kern-heading-medium">
        {t('eventHost.hands.title')}
      </h2>
      {problem ? <FormAlert message={problem} /> : null}
      <div role="status" className="stack stack--small">
        {floor ? (
          <p className="kern-body">{t('eventHost.hands.hasFloor', { name: nameOf(floor.name) })}</p>
        ) : null}
        <p className="kern-body">{t('eventHost.hands.count', { count: hands.length })}</p>
      </div>
      {floor ? (
        <div className="button-row">
          <Button variant="secondary" onClick={() => void run(take)}>
            {t('eventHost.hands.takeFloor', { name: nameOf(floor.name) })}
          </Button>
          <Button variant="secondary" onClick={() => void run(() => remove(floor.seatId))}>
            {t('eventHost.hands.remove', { name: nameOf(floor.name) })}
          </Button>
        </div>
      ) : null}
      {hands.length > 0 ? (
        <ol className="stack stack--small">
          {hands.map((hand) => (
            <li key={hand.seatId} className="button-row">
              <span className="kern-body">{nameOf(hand.name)}</span>
              <Button small onClick={() => void run(() => give(hand.seatId))}>
                {t('eventHost.hands.giveFloor', { name: nameOf(hand.name) })}
              </Button>
              <Button small variant="secondary" onClick={() => void run(() => remove(hand.seatId))}>
                {t('eventHost.hands.remove', { name: nameOf(hand.name) })}
              </Button>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
