import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../../shared/admin';
import type { LocalHoliday } from '../../../shared/calendar';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { StatusMessage } from '../../components/StatusMessage';
import { useLoad } from '../../hooks/useLoad';
import { LocalHolidayForm } from './LocalHolidayForm';

/**
 * The authority's own holidays besides its state's (Augsburg's Friedensfest, Mariä Himmelfahrt where the
 * municipality keeps it): they close every office, or the one office they name, every year.
 */
export function LocalHolidaysSection({ offices }: { offices: Office[] }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const holidays = useLoad(adminApi.localHolidays.list);
  const dayOf = (h: LocalHoliday) =>
    new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
      new Date(`2024-${h.monthDay}T00:00Z`),
    );
  const scopeOf = (h: LocalHoliday) =>
    offices.find((o) => o.id === h.officeId)?.name ?? t('localHolidays.allOffices');
  const remove = async (h: LocalHoliday) => {
    await adminApi.localHolidays.remove(h.id);
    setStatus(t('localHolidays.removed', { name: h.name }));
    await holidays.reload();
  };

  return (
    <section className="stack" aria-labelledby="local-holidays-heading">
      <h2 id="local-holidays-heading" className="kern-heading-medium">
        {t('localHolidays.heading')}
      </h2>
      <p className="kern-body">{t('localHolidays.intro')}</p>
      <StatusMessage message={status} />
      {holidays.data === undefined ? (
        <p className="kern-body">{t('common.loading')}</p>
      ) : holidays.data.length === 0 ? (
        <p className="kern-body">{t('localHolidays.empty')}</p>
      ) : (
        <DataTable
          caption={t('localHolidays.heading')}
          rows={holidays.data}
          rowKey={(h) => h.id}
          columns={[
            { header: t('localHolidays.name'), cell: (h) => h.name },
            { header: t('localHolidays.date'), cell: dayOf },
            { header: t('localHolidays.scope'), cell: scopeOf },
            {
              header: t('common.actions'),
              cell: (h) => (
                <Button
                  variant="tertiary"
                  small
                  onClick={() => void remove(h)}
                  aria-label={t('common.removeNamed', { name: `${h.name}, ${scopeOf(h)}` })}
                >
                  {t('common.remove')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <LocalHolidayForm
        offices={offices}
        onAdded={(name) => {
          setStatus(t('localHolidays.added', { name }));
          void holidays.reload();
        }}
      />
    </section>
  );
}
