import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api/staff';
import { Button } from '../components/Button';
import { ClerkNoteDialog, type SetAsideKind } from './ClerkNoteDialog';

interface CallQueueActionsProps {
  consultationId: string;
  displayName: string;
  busy: boolean;
  /** Runs a request with the workspace's busy state and problem message. */
  run(action: () => Promise<unknown>): void;
  onDone(message: string): void;
}

/**
 * What the clerk can do with the citizen of the call besides ending it: "nicht erschienen" (recalled
 * after a pause, then listed as missed), "Bitte kurz warten" (back to the waiting room, first in line)
 * and "Parken" (out of the line for later). Each ends the call.
 */
export function CallQueueActions({ consultationId, displayName, busy, run, onDone }: CallQueueActionsProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<SetAsideKind | null>(null);
  return (
    <>
      <Button
        variant="secondary"
        disabled={busy}
        onClick={() =>
          run(async () => {
            const { missed } = await staffApi.notAppeared(consultationId);
            onDone(t(`staff.setAside.notAppeared.${missed ? 'missed' : 'recalled'}`, { name: displayName }));
          })
        }
      >
        {t('staff.setAside.notAppeared.button')}
      </Button>
      <Button variant="secondary" disabled={busy} onClick={() => setAsking('sendBack')}>
        {t('staff.setAside.sendBack.button')}
      </Button>
      <Button variant="secondary" disabled={busy} onClick={() => setAsking('park')}>
        {t('staff.setAside.park.button')}
      </Button>
      <ClerkNoteDialog
        target={asking ? { consultationId, displayName, kind: asking } : null}
        onClose={() => setAsking(null)}
        onDone={(message) => {
          setAsking(null);
          onDone(message);
        }}
      />
    </>
  );
}
