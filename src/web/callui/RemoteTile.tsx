import { useTranslation } from 'react-i18next';
import { CallIcon } from './CallIcon';
import { useSpeaking } from './useSpeaking';
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

/**
 * One other participant on the stage: their picture (or why there is none) and their name as a caption
 * that also says when they speak — by icon and word, not by the frame's colour alone.
 */
export function RemoteTile({ name, stream, muted, speakerId, onAutoplayBlocked }: RemoteTileProps) {
  const { t } = useTranslation();
  const speaking = useSpeaking(stream);
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  return (
    <li className={`call-tile${speaking ? ' call-tile--speaking' : ''}`}>
      <VideoView
        stream={stream}
        className={`call-tile__video${hasVideo ? '' : ' call-tile__video--hidden'}`}
        muted={muted}
        speakerId={speakerId}
        label={t('call.remoteVideo', { name })}
        onAutoplayBlocked={onAutoplayBlocked}
      />
      {hasVideo ? null : (
        <p className="call-placeholder kern-body">
          {stream ? t('call.remoteNoVideo', { name }) : t('call.waitingForPicture')}
        </p>
      )}
      <p className="call-tile__name kern-body">
        {speaking ? <CallIcon name="speaking" /> : null}
        <span>{name}</span>
        {speaking ? <span className="call-tile__speaking">{t('call.speaking')}</span> : null}
      </p>
    </li>
  );
}
