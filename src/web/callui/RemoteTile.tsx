import { useTranslation } from 'react-i18next';
import { VideoView } from './VideoView';

interface RemoteTileProps {
  /** Who this is, e.g. the citizen's name, "Ihre Ansprechperson" or a guest's label. */
  name: string;
  stream: MediaStream | null;
  /** Sound muted because the browser refused to autoplay it. */
  muted: boolean;
  speakerId?: string | undefined;
  onAutoplayBlocked(): void;
}

/** One other participant in the call's grid: their picture (or why there is none) and their name. */
export function RemoteTile({ name, stream, muted, speakerId, onAutoplayBlocked }: RemoteTileProps) {
  const { t } = useTranslation();
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  return (
    <li className="call__tile">
      <VideoView
        stream={stream}
        className={`call__remote-video${hasVideo ? '' : ' call__video--hidden'}`}
        muted={muted}
        speakerId={speakerId}
        label={t('call.remoteVideo', { name })}
        onAutoplayBlocked={onAutoplayBlocked}
      />
      {hasVideo ? null : (
        <p className="call__placeholder kern-body">
          {stream ? t('call.remoteNoVideo', { name }) : t('call.waitingForPicture')}
        </p>
      )}
      <p className="call__tile-name kern-body">{name}</p>
    </li>
  );
}
