import type { ConsultationAuth } from '../api/consultations';
import { ChatPanel } from './ChatPanel';
import { FilesPanel } from './FilesPanel';
import { SharedForm } from './SharedForm';
import type { FormClient } from './useSharedForm';

interface ConsultationPanelsProps {
  idPrefix: string;
  consultationId: string;
  side: 'agent' | 'citizen';
  auth: ConsultationAuth;
  /** The tab's realtime client: chat, form updates and shared files arrive over it. */
  client: FormClient | null;
  /** How the other side is named beside their messages and files. */
  peerName: string;
}

/**
 * What both sides work with during a call, below the pictures: chat, the form filled together and the
 * shared files. Give it `key={consultationId}` so a new consultation starts with fresh panels.
 */
export function ConsultationPanels(props: ConsultationPanelsProps) {
  const { idPrefix, consultationId, side, auth, client, peerName } = props;
  const common = { idPrefix, consultationId, side, client };
  return (
    <>
      <ChatPanel {...common} auth={auth} peerName={peerName} />
      <SharedForm {...common} />
      <FilesPanel {...common} auth={auth} peerName={peerName} />
    </>
  );
}
