import { useTranslation } from 'react-i18next';
import type { ClerkOnDuty } from '../../shared/clerk-states';
import type { OfficeQueue } from '../../shared/realtime';
import { formatTime } from '../citizen/format';

interface ColleaguesOnDutyProps {
  /** The offices shown in the workspace. */
  officeIds: string[];
  queues: ReadonlyMap<string, OfficeQueue>;
  /** Me: not listed among my colleagues. */
  staffId: string | undefined;
  heading?: 'h3' | 'h4';
}

/** Everyone else serving my offices, once each however many of them they serve. */
function colleaguesOf({ officeIds, queues, staffId }: ColleaguesOnDutyProps): ClerkOnDuty[] {
  const byId = new Map<string, ClerkOnDuty>();
  for (const officeId of officeIds) {
    for (const clerk of queues.get(officeId)?.clerks ?? []) {
      if (clerk.staffId !== staffId && !byId.has(clerk.staffId)) byId.set(clerk.staffId, clerk);
    }
  }
  return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Who else serves my offices and what they do: who is in a call, doing follow-up work, on a break until when. */
export function ColleaguesOnDuty(props: ColleaguesOnDutyProps) {
  const { t, i18n } = useTranslation();
  const { heading: Heading = 'h3' } = props;
  const colleagues = colleaguesOf(props);
  const state = (clerk: ClerkOnDuty) => {
    const time = clerk.until ? formatTime(clerk.until, undefined, i18n.resolvedLanguage ?? 'de') : null;
    const activity = t(`staff.colleagues.${clerk.activity}${time ? 'Until' : ''}`, { time });
    return clerk.reason
      ? `${activity} ${t('staff.clerkState.reasonGiven', { reason: clerk.reason })}`
      : activity;
  };
  return (
    <section className="stack stack--small" aria-labelledby="colleagues-heading">
      <Heading id="colleagues-heading" className="kern-heading-small">
        {t('staff.colleagues.title')}
      </Heading>
      {colleagues.length === 0 ? (
        <p className="kern-body">{t('staff.colleagues.none')}</p>
      ) : (
        <ul className="kern-list">
          {colleagues.map((clerk) => (
            <li key={clerk.staffId}>
              <bdi>{clerk.displayName}</bdi>: {state(clerk)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
