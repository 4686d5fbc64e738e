import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminSection } from '../auth/permissions';
import { sectionTextsKey } from './sections';

interface AdminListSectionProps<T> {
  /** Names the heading (<section texts>.listHeading) and its id (<section>-list-heading). */
  section: Exclude<AdminSection, 'settings' | 'outbox' | 'audit' | 'apiDocs'>;
  /** undefined while loading. */
  items: T[] | undefined;
  /** Shown instead of an empty list; without it an empty list is shown as is. */
  emptyText?: string;
  children(items: T[]): ReactNode;
}

/** The headed list of an admin section, with its loading and empty states. */
export function AdminListSection<T>({ section, items, emptyText, children }: AdminListSectionProps<T>) {
  const { t } = useTranslation();
  const headingId = `${section}-list-heading`;
  return (
    <section className="stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="kern-heading-medium">
        {t(`${sectionTextsKey(section)}.listHeading`)}
      </h2>
      {items === undefined ? (
        <p className="kern-body">{t('common.loading')}</p>
      ) : items.length === 0 && emptyText ? (
        <p className="kern-body">{emptyText}</p>
      ) : (
        children(items)
      )}
    </section>
  );
}
