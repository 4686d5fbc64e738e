import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../../shared/admin';
import type { CalendarException } from '../../../shared/calendar';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { SelectField } from '../../components/SelectField';
import { StatusMessage } from '../../components/StatusMessage';
import { useLoad } from '../../hooks/useLoad';
import { SpecialDateForm } from './SpecialDateForm';
import { dateRange } from './specialDateDraft';

/**
 * One office's special dates: an evening opening, a closure for a date or a range. Each replaces the
 * weekly hours on its dates, for walk-ins and appointments alike.
 */
export function SpecialDatesSection({ offices }: { offices: Office[] }) {
  const { t, i18n } = useTranslation();
  const [officeId, setOfficeId] = useState(offices[0]?.id ?? '');
  const [status, setStatus] = useState<string | null>(null);
  const load = useCallback(
    () => (officeId ? adminApi.calendarExceptions.list(officeId) : Promise.resolve([])),
    [officeId],
  );
  const exceptions = useLoad(load);
  const hoursOf = (e: CalendarException) =>
    e.hours.length === 0
      ? t('offices.hours.closed')
      : e.hours.map((i) => t('specialDates.interval', { from: i.from, to: i.to })).join(', ');
  const remove = async (e: CalendarException) => {
    await adminApi.calendarExceptions.remove(officeId, e.id);
    setStatus(t('specialDates.removed', { name: e.reason }));
    await exceptions.reload();
  };

  return (
    <section className="stack" aria-labelledby="special-dates-heading">
      <h2 id="special-dates-heading" className="kern-heading-medium">
        {t('specialDates.heading')}
      </h2>
      <p className="kern-body">{t('specialDates.intro')}</p>
      {offices.length > 1 ? (
        <SelectField
          id="special-dates-office"
          label={t('specialDates.office')}
          value={officeId}
          onChange={setOfficeId}
          options={offices.map((o) => ({ value: o.id, label: o.name }))}
        />
      ) : null}
      <StatusMessage message={status} />
      {exceptions.data === undefined ? (
        <p className="kern-body">{t('common.loading')}</p>
      ) : exceptions.data.length === 0 ? (
        <p className="kern-body">{t('specialDates.empty')}</p>
      ) : (
        <DataTable
          caption={t('specialDates.heading')}
          rows={exceptions.data}
          rowKey={(e) => e.id}
          columns={[
            { header: t('specialDates.dates'), cell: (e) => dateRange(e, i18n.language) },
            { header: t('offices.hours.legend'), cell: hoursOf },
            { header: t('specialDates.reason'), cell: (e) => e.reason },
            {
              header: t('common.actions'),
              cell: (e) => (
                <Button
                  variant="tertiary"
                  small
                  onClick={() => void remove(e)}
                  aria-label={t('common.removeNamed', {
                    name: `${e.reason}, ${dateRange(e, i18n.language)}`,
                  })}
                >
                  {t('common.remove')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {officeId ? (
        <SpecialDateForm
          key={officeId}
          officeId={officeId}
          onAdded={(reason) => {
            setStatus(t('specialDates.added', { name: reason }));
            void exceptions.reload();
          }}
        />
      ) : null}
    </section>
  );
}
