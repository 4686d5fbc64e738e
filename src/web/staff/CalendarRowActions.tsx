import { useTranslation } from 'react-i18next';
import type { StaffAppointment } from '../../shared/booking';
import { Button } from '../components/Button';

/**
 * What a clerk can do with one booked appointment of the day: move, cancel, check an in-person citizen in
 * at the counter ("Angekommen"), or mark a no-show (not once they arrived).
 */
export function CalendarRowActions({
  appointment: a,
  time,
  busy,
  canMove,
  onMove,
  onCancel,
  onArrived,
  onNoShow,
}: {
  appointment: StaffAppointment;
  /** "09:00–09:15", for the buttons' names: a screen reader's button list tells the rows apart. */
  time: string;
  busy: boolean;
  canMove: boolean;
  onMove(): void;
  onCancel(): void;
  onArrived(): void;
  onNoShow(): void;
}) {
  const { t } = useTranslation();
  if (a.status !== 'booked') return <>–</>;
  const named = { name: a.citizenName, time };
  return (
    <span className="button-row">
      {a.kind === 'on_site' && !a.arrivedAt ? (
        <Button small disabled={busy} onClick={onArrived} aria-label={t('calendar.arrivedNamed', named)}>
          {t('calendar.arrived')}
        </Button>
      ) : null}
      <Button
        variant="secondary"
        small
        disabled={!canMove}
        onClick={onMove}
        aria-label={t('calendar.moveNamed', named)}
      >
        {t('calendar.move')}
      </Button>
      <Button variant="secondary" small onClick={onCancel} aria-label={t('calendar.cancelNamed', named)}>
        {t('calendar.cancel')}
      </Button>
      {a.arrivedAt ? null : (
        <Button
          variant="tertiary"
          small
          disabled={busy}
          onClick={onNoShow}
          aria-label={t('calendar.noShowNamed', named)}
        >
          {t('calendar.noShow')}
        </Button>
      )}
    </span>
  );
}
