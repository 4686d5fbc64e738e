import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallPeer } from '../../shared/realtime';
import type { RemoteParticipant } from './useCall';

/**
 * "Dolmetscherin ist dem Gespräch beigetreten." / "… hat das Gespräch verlassen." for the call's polite
 * live region, so a change of who is there is not told by pictures alone. Nobody is announced when the
 * call starts or ends (the connection state says that), nor when someone's page reconnects.
 */
export function usePeerNotice(
  remotes: RemoteParticipant[],
  nameOf: (peer: CallPeer) => string,
): string | null {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const previous = useRef<CallPeer[]>([]);
  const name = useRef(nameOf);
  name.current = nameOf;

  useEffect(() => {
    const before = previous.current;
    const now = remotes.map((remote) => remote.peer);
    previous.current = now;
    if (before.length === 0 || now.length === 0) return;
    const absent = (list: CallPeer[]) => (peer: CallPeer) => !list.some((other) => other.id === peer.id);
    const changes = [
      ...now.filter(absent(before)).map((peer) => t('guests.joined', { name: name.current(peer) })),
      ...before.filter(absent(now)).map((peer) => t('guests.left', { name: name.current(peer) })),
    ];
    if (changes.length > 0) setNotice(changes.join(' '));
  }, [remotes, t]);

  return notice;
}
