import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CallIcon, type CallIconName } from './CallIcon';

interface BarButtonProps {
  icon: CallIconName;
  /** Drawn crossed out: the microphone muted, the camera off. */
  crossed?: boolean;
  label: string;
  pressed?: boolean;
  expanded?: boolean;
  controls?: string;
  disabled?: boolean;
  hangUp?: boolean;
  /** E.g. the unread count of the side panel. */
  badge?: ReactNode;
  onClick(): void;
}

/** One button of the bar: an icon and its word (the word is the name; on short screens only heard). */
function BarButton(props: BarButtonProps) {
  return (
    <button
      type="button"
      className={`call-bar__button${props.hangUp ? ' call-bar__button--hangup' : ''}`}
      aria-pressed={props.pressed}
      aria-expanded={props.expanded}
      aria-controls={props.controls}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      <CallIcon name={props.icon} crossed={props.crossed ?? false} />
      <span className="call-bar__label">{props.label}</span>
      {props.badge}
    </button>
  );
}

interface ControlBarProps {
  muted: boolean;
  canMute: boolean;
  onMute(): void;
  cameraOff: boolean;
  canTurnCamera: boolean;
  onCamera(): void;
  screen: { supported: boolean; sharing: boolean; toggle(): void };
  panel: { id: string; open: boolean; unread: number; toggle(): void };
  hangUpLabel: string;
  onHangUp(): void;
}

/**
 * Microphone, camera, screen, the side panel and hanging up: one bar at the foot of the stage that
 * stays on screen (it sticks to the bottom when the page scrolls), with large targets for fingers.
 */
export function ControlBar(props: ControlBarProps) {
  const { t } = useTranslation();
  const { panel, screen } = props;
  return (
    <fieldset className="call-bar">
      <legend className="kern-sr-only">{t('call.controls')}</legend>
      <BarButton
        icon="mic"
        crossed={props.muted}
        label={t('call.mute')}
        pressed={props.muted}
        disabled={!props.canMute}
        onClick={props.onMute}
      />
      <BarButton
        icon="camera"
        crossed={props.cameraOff}
        label={t('call.cameraOff')}
        pressed={props.cameraOff}
        disabled={!props.canTurnCamera}
        onClick={props.onCamera}
      />
      {screen.supported ? (
        <BarButton
          icon="screen"
          label={t('call.screen.share')}
          pressed={screen.sharing}
          onClick={screen.toggle}
        />
      ) : null}
      <BarButton
        icon="chat"
        label={t('call.panel.toggle')}
        expanded={panel.open}
        controls={panel.id}
        badge={panel.unread > 0 ? <UnreadBadge count={panel.unread} /> : null}
        onClick={panel.toggle}
      />
      <BarButton icon="hangUp" label={props.hangUpLabel} hangUp onClick={props.onHangUp} />
    </fieldset>
  );
}

/** "3" on screen, ", 3 neu" to a screen reader (part of the button's or tab's name). */
export function UnreadBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <span className="call-badge">
      <span className="kern-sr-only">, </span>
      {count}
      <span className="kern-sr-only"> {t('call.panel.new')}</span>
    </span>
  );
}
