import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminSection } from '../auth/permissions';
import { FormAlert } from '../components/FormAlert';
import { PageHeader } from '../components/PageHeader';
import { ReadOnlyNotice } from '../components/ReadOnlyNotice';
import { StatusMessage } from '../components/StatusMessage';
import { sectionTitleKey } from './sections';

interface AdminPageProps {
  section: AdminSection;
  canWrite: boolean;
  /** The last success, announced politely. */
  status: string | null;
  /** Why loading or the last action failed, announced as an alert. */
  problem: string | null;
  children: ReactNode;
}

/** The top of every admin section: title and intro, read-only notice, and the page's live regions. */
export function AdminPage({ section, canWrite, status, problem, children }: AdminPageProps) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t(sectionTitleKey(section, 'title'))}
        intro={t(sectionTitleKey(section, 'description'))}
      />
      {canWrite ? null : <ReadOnlyNotice />}
      <StatusMessage message={status} />
      <FormAlert message={problem} />
      {children}
    </>
  );
}
