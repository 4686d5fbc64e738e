import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { FormHeading } from '../../components/FormHeading';
import { SelectField } from '../../components/SelectField';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';
import { AdminPage } from '../AdminPage';
import { AuditTable } from './AuditTable';
import { ChainCheck } from './ChainCheck';
import type { RefNames } from './refs';
import { useAuditPages } from './useAuditPages';

/**
 * /admin/audit: the authority's tamper-evident trail of security-relevant actions, page by page and
 * filtered by action, and a check of its hash chain.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const pages = useAuditPages();
  const actions = useLoad(adminApi.audit.actions);
  const names = useRefNames();
  const [chosen, setChosen] = useState('');
  // After paging or filtering, focus goes to the heading naming the new page, as after navigating: the
  // heading is keyed by page and filter, so a new one mounts and takes focus.
  const [moved, setMoved] = useState(false);
  const go = (change: () => void) => {
    setMoved(true);
    change();
  };

  const problem = pages.error ?? actions.error;
  return (
    <AdminPage section="audit" canWrite status={null} problem={problem ? problemMessage(problem, t) : null}>
      <ChainCheck />
      <section className="stack" aria-labelledby="audit-list-heading">
        <FormHeading
          key={`${pages.number}:${pages.action}`}
          id="audit-list-heading"
          text={t('adminIntegrations.audit.listHeading', { page: pages.number })}
          focus={moved}
        />
        <form
          className="row"
          aria-label={t('adminIntegrations.audit.filterLabel')}
          onSubmit={(event) => {
            event.preventDefault();
            go(() => pages.filter(chosen));
          }}
        >
          <SelectField
            id="audit-action"
            label={t('adminIntegrations.audit.action')}
            value={chosen}
            onChange={setChosen}
            options={[
              { value: '', label: t('adminIntegrations.audit.allActions') },
              ...(actions.data ?? []).map((action) => ({ value: action, label: action })),
            ]}
          />
          <Button type="submit" variant="secondary">
            {t('adminIntegrations.audit.applyFilter')}
          </Button>
        </form>
        {pages.events === undefined ? (
          pages.error ? null : (
            <p className="kern-body">{t('common.loading')}</p>
          )
        ) : pages.events.length === 0 ? (
          <p className="kern-body">{t('adminIntegrations.audit.empty')}</p>
        ) : (
          <AuditTable events={pages.events} names={names} />
        )}
        <nav aria-label={t('adminIntegrations.audit.pagesLabel')} className="button-row">
          {pages.newer ? (
            <Button variant="secondary" onClick={() => go(pages.newer!)}>
              {t('adminIntegrations.audit.newer')}
            </Button>
          ) : null}
          {pages.older ? (
            <Button variant="secondary" onClick={() => go(pages.older!)}>
              {t('adminIntegrations.audit.older')}
            </Button>
          ) : null}
        </nav>
      </section>
    </AdminPage>
  );
}

/** Names of staff and API keys by their audit references; unknown ones stay references. */
function useRefNames(): RefNames {
  const staff = useLoad(adminApi.staff.list).data;
  const keys = useLoad(adminApi.apiKeys.list).data;
  return useMemo(
    () =>
      new Map([
        ...(staff ?? []).map((s) => [`staff:${s.id}`, s.displayName] as const),
        ...(keys ?? []).map((k) => [`api_key:${k.id}`, k.name] as const),
      ]),
    [staff, keys],
  );
}
