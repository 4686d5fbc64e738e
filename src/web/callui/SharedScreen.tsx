import { useTranslation } from 'react-i18next';
import { CallIcon } from './CallIcon';
import { VideoView } from './VideoView';

/**
 * Someone's shared screen as the stage's main picture, whole (never cropped, so text stays readable),
 * with whose screen it is over its lower left. Muted: a shared screen brings no sound of its own.
 */
export function SharedScreen({ name, stream }: { name: string; stream: MediaStream }) {
  const { t } = useTranslation();
  return (
    <div className="call-share">
      <VideoView
        stream={stream}
        className="call-share__video"
        muted
        label={t('call.screen.remote', { name })}
      />
      <p className="call-tile__name kern-body" aria-hidden="true">
        <CallIcon name="screen" />
        <span>{t('call.screen.remote', { name })}</span>
      </p>
    </div>
  );
}
