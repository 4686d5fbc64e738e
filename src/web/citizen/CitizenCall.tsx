import { useTranslation } from 'react-i18next';
import { CallPanel } from '../callui/CallPanel';
import type { DevicePrefs } from '../callui/devices';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { consultationTabs } from '../consultation/consultationTabs';
import type { VisitSession } from './useVisitSession';

interface CitizenCallProps {
  visit: VisitSession;
  consultationId: string | null;
  token: string | null;
  stream: MediaStream | null;
  officeName: string;
  speakerId: DevicePrefs['speakerId'];
  onHangUp(): void;
  onDeviceChosen(kind: 'camera' | 'microphone' | 'speaker', deviceId: string): void;
}

/**
 * The citizen's call screen with chat, files and the shared form: a chunk of its own (WebRTC views, Yjs),
 * loaded when the call starts (OfficeEntry), so the device check and the waiting room come sooner.
 */
export function CitizenCall(props: CitizenCallProps) {
  const { visit, consultationId, token, officeName } = props;
  const { t } = useTranslation();
  const names = { agent: t('citizen.call.peer') };
  return (
    <CallPanel
      key={consultationId ?? 'call'}
      idPrefix="citizen-call"
      session={visit.session}
      localStream={props.stream}
      heading={t('citizen.call.title', { office: officeName })}
      names={names}
      hangUpLabel={t('citizen.call.hangUp')}
      onHangUp={props.onHangUp}
      notices={
        <ConnectionBanner
          connection={visit.connection}
          offlineDetail={t('common.connectionLostCall')}
          withRetry
        />
      }
      tabs={
        consultationId && token && visit.visit
          ? consultationTabs(
              {
                idPrefix: 'citizen-call',
                consultationId,
                self: `citizen:${visit.visit.visitId}`,
                auth: { visitToken: token },
                client: visit.client,
                names,
              },
              t,
            )
          : []
      }
      speakerId={props.speakerId}
      onDeviceChosen={props.onDeviceChosen}
    />
  );
}
