import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfficeQueue } from '../../shared/realtime';
import { FormAlert } from '../components/FormAlert';
import { useAction } from '../hooks/useAction';
import { BreakForm } from './BreakForm';
import { ColleaguesOnDuty } from './ColleaguesOnDuty';
import { OwnStateNotice } from './OwnStateNotice';
import { PresenceSection, type PresenceStatus } from './PresenceSection';
import { useOwnClerkState } from './useOwnClerkState';

interface ClerkPresenceProps {
  offices: { id: string; name: string }[];
  selected: ReadonlySet<string>;
  setSelected(selected: Set<string>): void;
  /** Whether I serve my ticked offices (present), on a break or not. */
  available: boolean;
  /** Tells the server which offices I serve; reports its own success or failure. */
  setPresence(available: boolean, selected: Set<string>): Promise<void>;
  queues: ReadonlyMap<string, OfficeQueue>;
  staffId: string | undefined;
  inCall: boolean;
  onStatus(message: string): void;
  heading: 'h2' | 'h3';
}

/**
 * The clerk's presence and state: the offices served; available, on a break (with its form) or away;
 * the follow-up work after a call with "Bereit"; and what the colleagues of those offices do.
 */
export function ClerkPresence(props: ClerkPresenceProps) {
  const { selected, available, setPresence, onStatus } = props;
  const { t } = useTranslation();
  const { own, save } = useOwnClerkState(props.queues, props.staffId);
  const [choosingBreak, setChoosingBreak] = useState(false);
  const action = useAction();
  // "Available" shows at once, as presence does (the controls follow the hand), until the answer.
  const [pending, setPending] = useState(false);
  const status: PresenceStatus = pending
    ? 'available'
    : !available
      ? 'away'
      : choosingBreak || own?.activity === 'break'
        ? 'break'
        : 'available';

  async function onStatusChosen(next: PresenceStatus) {
    setChoosingBreak(next === 'break');
    if (next === 'away') return setPresence(false, new Set(selected));
    if (next !== 'available') return;
    setPending(true);
    try {
      if (!(await action.run(() => save({ state: 'available' })))) return;
      if (available) onStatus(t('staff.presence.nowAvailable'));
      else await setPresence(true, new Set(selected));
    } finally {
      setPending(false);
    }
  }

  // A break in the offices I serve, so colleagues see it: coming from away, I serve them again.
  async function startBreak(input: { reason: string; until: string | null }) {
    await save({ state: 'break', ...input });
    setChoosingBreak(false);
    if (!available) await setPresence(true, new Set(selected));
    onStatus(t('staff.clerkState.nowOnBreak'));
  }

  return (
    <div className="stack stack--small">
      <FormAlert message={action.problem} />
      <PresenceSection
        offices={props.offices}
        selected={selected}
        status={status}
        onStatus={(next) => void onStatusChosen(next)}
        setPresence={(next, offices) => void setPresence(next, offices)}
        setSelected={props.setSelected}
        inCall={props.inCall}
        heading={props.heading}
      >
        {choosingBreak ? (
          <BreakForm onStart={startBreak} onCancel={() => setChoosingBreak(false)} />
        ) : available ? (
          <OwnStateNotice
            own={own}
            busy={action.busy}
            onReady={() =>
              void action.run(async () => {
                await save({ state: 'available' });
                onStatus(t('staff.clerkState.nowReady'));
              })
            }
          />
        ) : null}
      </PresenceSection>
      {props.offices.length > 0 ? (
        <ColleaguesOnDuty
          officeIds={props.offices.filter((o) => selected.has(o.id)).map((o) => o.id)}
          queues={props.queues}
          staffId={props.staffId}
          heading={props.heading === 'h2' ? 'h3' : 'h4'}
        />
      ) : null}
    </div>
  );
}
