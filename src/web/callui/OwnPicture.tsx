import { useTranslation } from 'react-i18next';
import { VideoView } from './VideoView';

interface OwnPictureProps {
  /** One's camera while it sends a picture; null when off or missing. */
  camera: MediaStream | null;
  /** The screen one shares, while one does. */
  screen: MediaStream | null;
}

/**
 * What one sends, as one's own picture: the camera (or why there is none), and while sharing the
 * screen above it as the others see it — so sharing shows here too, and the camera visibly keeps going.
 */
export function OwnPicture({ camera, screen }: OwnPictureProps) {
  const { t } = useTranslation();
  return (
    <>
      {screen ? (
        <VideoView
          stream={screen}
          className="call-self__video call-self__video--screen"
          self
          mirrored={false}
          label={t('call.screen.preview')}
        />
      ) : null}
      {camera ? (
        <VideoView stream={camera} className="call-self__video" self label={t('call.selfVideo')} />
      ) : (
        <p className="call-placeholder call-placeholder--small kern-body">{t('call.selfNoVideo')}</p>
      )}
    </>
  );
}
