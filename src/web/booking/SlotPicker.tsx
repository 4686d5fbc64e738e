import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bookingApi } from '../api/booking';
import { formatTime } from '../citizen/format';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { problemMessage } from '../lib/problemMessage';
import { addDays, dayKey, formatDay, formatDayShort, groupByDay } from './time';

/** Days fetched per request ("weitere Tage" fetches the next window). */
export const SLOT_WINDOW_DAYS = 14;

export interface Slot {
  start: string;
  end: string;
}

interface SlotPickerProps {
  /** Prefix of the ids inside, so two pickers never clash. */
  id: string;
  tenantSlug: string;
  serviceId: string;
  timeZone: string;
  onPick(slot: Slot): void;
}

/**
 * The free days of a service, then the free times of the chosen day as buttons, all in the
 * authority's time zone. The first window starts at the server's today, so a wrong clock in the
 * browser cannot hide days.
 */
export function SlotPicker({ id, tenantSlug, serviceId, timeZone, onPick }: SlotPickerProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [nextFrom, setNextFrom] = useState<string | undefined>(undefined);
  const [exhausted, setExhausted] = useState(false);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [day, setDay] = useState<string | null>(null);
  const timesGroup = useRef<HTMLFieldSetElement>(null);
  const focusTimes = useRef(false);

  const loadWindow = useCallback(
    async (from: string | undefined, known: Slot[]) => {
      setLoading(true);
      try {
        const list = await bookingApi.slots(tenantSlug, serviceId, { from, days: SLOT_WINDOW_DAYS });
        const seen = new Set(known.map((s) => s.start));
        const fresh = list.slots.filter((s) => !seen.has(s.start));
        const all = [...known, ...fresh];
        setSlots(all);
        // The server says which window it searched: the next one starts right after it.
        setNextFrom(addDays(list.from, list.days));
        if (from !== undefined) {
          const freshDays = new Set(fresh.map((s) => dayKey(s.start, list.timeZone))).size;
          setExhausted(freshDays === 0);
          setAnnouncement(
            freshDays === 0 ? t('booking.slots.noMore') : t('booking.slots.moreLoaded', { count: freshDays }),
          );
        }
        setProblem(null);
      } catch (error) {
        setProblem(problemMessage(error, t));
      } finally {
        setLoading(false);
      }
    },
    [tenantSlug, serviceId, t],
  );

  useEffect(() => {
    setSlots(null);
    setDay(null);
    setExhausted(false);
    void loadWindow(undefined, []);
  }, [loadWindow]);

  const days = slots ? groupByDay(slots, timeZone) : [];
  const chosen = days.find((d) => d.day === day) ?? days[0];

  useEffect(() => {
    if (!focusTimes.current) return;
    focusTimes.current = false;
    timesGroup.current?.focus();
  });

  if (!slots) {
    return problem ? <FormAlert message={problem} /> : <p className="kern-body">{t('common.loading')}</p>;
  }

  return (
    <div className="stack slot-picker">
      <FormAlert message={problem} />
      {days.length === 0 ? (
        <p className="kern-body">{t('booking.slots.none')}</p>
      ) : (
        <fieldset className="kern-fieldset" aria-describedby={`${id}-days-hint`}>
          <legend className="kern-label">{t('booking.slots.dayLegend')}</legend>
          <div className="kern-hint" id={`${id}-days-hint`}>
            {t('booking.slots.dayHint', { timeZone })}
          </div>
          <ul className="kern-fieldset__body kern-fieldset__body--horizontal slot-days">
            {days.map(({ day: key, slots: daySlots }) => {
              const day = formatDayShort(key, language);
              const count = t('booking.slots.count', { count: daySlots.length });
              return (
                <li key={key}>
                  <button
                    type="button"
                    className={`kern-btn kern-btn--${chosen?.day === key ? 'primary' : 'secondary'} slot-day`}
                    aria-pressed={chosen?.day === key}
                    // The two boxes would be read with a space before the comma: one name instead.
                    aria-label={t('booking.slots.dayName', { day, slots: count })}
                    onClick={() => {
                      setDay(key);
                      focusTimes.current = true;
                    }}
                  >
                    <span className="kern-label slot-day__label">
                      <span>{day}</span>
                      <span className="slot-day__count">{count}</span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {exhausted ? null : (
        <div>
          <Button variant="secondary" disabled={loading} onClick={() => void loadWindow(nextFrom, slots)}>
            {t('booking.slots.more')}
          </Button>
        </div>
      )}
      <div role="status" className="kern-sr-only">
        {announcement}
      </div>
      {chosen ? (
        <fieldset ref={timesGroup} tabIndex={-1} className="kern-fieldset slot-times-group">
          <legend className="kern-label">
            {t('booking.slots.timeLegend', { day: formatDay(chosen.day, language) })}
          </legend>
          <ul className="kern-fieldset__body kern-fieldset__body--horizontal slot-times">
            {chosen.slots.map((slot) => (
              <li key={slot.start}>
                <Button variant="secondary" onClick={() => onPick(slot)}>
                  {formatTime(slot.start, timeZone, language)}
                </Button>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
    </div>
  );
}
