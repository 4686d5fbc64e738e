import type { ParticipantId, ParticipantRole } from '../../shared/realtime';
import type { ConsultationAuth } from '../api/consultations';
import type { ParticipantNames } from '../callui/useParticipantName';
import { ChatPanel } from './ChatPanel';
import { FilesPanel } from './FilesPanel';
import { SharedForm } from './SharedForm';
import type { FormClient } from './useSharedForm';

interface ConsultationPanelsProps {
  idPrefix: string;
  consultationId: string;
  /** Who this side is in the consultation ("agent:…", "citizen:…" or "guest:…"). */
  self: ParticipantId;
  auth: ConsultationAuth;
  /** The tab's realtime client: chat, form updates and shared files arrive over it. */
  client: FormClient | null;
  /** How this side names the agent or the citizen beside messages and files (guests go by their label). */
  names: ParticipantNames;
}

/**
 * What everyone in a call works with, below the pictures: chat, the form filled together and the
 * shared files. Give it `key={consultationId}` so a new consultation starts with fresh panels.
 */
export function ConsultationPanels(props: ConsultationPanelsProps) {
  const { idPrefix, consultationId, self, auth, client, names } = props;
  const side = self.slice(0, self.indexOf(':')) as ParticipantRole;
  const common = { idPrefix, consultationId, client };
  return (
    <>
      <ChatPanel {...common} self={self} auth={auth} names={names} />
      <SharedForm {...common} side={side} />
      <FilesPanel {...common} self={self} auth={auth} names={names} />
    </>
  );
}
