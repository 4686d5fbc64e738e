import type { TFunction } from 'i18next';
import type { ParticipantId, ParticipantRole } from '../../shared/realtime';
import type { ConsultationAuth } from '../api/consultations';
import type { CallTab } from '../callui/CallTabs';
import type { ParticipantNames } from '../callui/useParticipantName';
import { ChatPanel } from './ChatPanel';
import { FilesPanel } from './FilesPanel';
import { SharedForm } from './SharedForm';
import type { FormClient } from './useSharedForm';

interface ConsultationTabsProps {
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
 * What everyone in a call works with, as tabs of the call's side panel: chat, shared files and the
 * form filled together. Each is keyed by the consultation, so a new consultation starts afresh.
 */
export function consultationTabs(props: ConsultationTabsProps, t: TFunction): CallTab[] {
  const { idPrefix, consultationId, self, auth, client, names } = props;
  const side = self.slice(0, self.indexOf(':')) as ParticipantRole;
  const common = { idPrefix, consultationId, client };
  return [
    {
      id: 'chat',
      label: t('call.tabs.chat'),
      content: <ChatPanel key={consultationId} {...common} self={self} auth={auth} names={names} />,
    },
    {
      id: 'files',
      label: t('call.tabs.files'),
      content: <FilesPanel key={consultationId} {...common} self={self} auth={auth} names={names} />,
    },
    {
      id: 'form',
      label: t('call.tabs.form'),
      content: <SharedForm key={consultationId} {...common} side={side} />,
    },
  ];
}
