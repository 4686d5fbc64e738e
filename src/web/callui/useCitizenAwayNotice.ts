import { useTranslation } from 'react-i18next';
import type { CallPeer } from '../../shared/realtime';
import { formatTime } from '../citizen/format';
import type { CallView } from './useCall';

/**
 * "Dilara hat die Seite seit 08:22 geschlossen …" while the citizen's page is closed: the agent (and a
 * guest) learn at once that nobody will answer, instead of watching "Warten auf das Bild …".
 */
export function useCitizenAwayNotice(
  call: Pick<CallView, 'citizenAwaySince' | 'remotes'>,
  nameOf: (peer: CallPeer) => string,
): string | null {
  const { t, i18n } = useTranslation();
  if (!call.citizenAwaySince) return null;
  const citizen = call.remotes.find((remote) => remote.peer.id.startsWith('citizen:'));
  const name = citizen ? nameOf(citizen.peer) : t('staff.call.citizen');
  return t('call.citizenAway', { name, time: formatTime(call.citizenAwaySince, undefined, i18n.language) });
}
