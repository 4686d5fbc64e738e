import './call-screen.css';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallPeer } from '../../shared/realtime';
import type { CallSession } from '../call/call-session';
import { isCameraOff, isMicrophoneMuted, setCameraOff, setMicrophoneMuted } from '../call/media';
import { CallIcon } from './CallIcon';
import { CallStatus } from './CallStatus';
import { type CallTab, CallTabs } from './CallTabs';
import { ControlBar } from './ControlBar';
import { DeviceSettings } from './DeviceSettings';
import { OwnPicture } from './OwnPicture';
import { ShowTabProvider } from './panelContext';
import { RemoteTile } from './RemoteTile';
import { SelfView } from './SelfView';
import { SharedScreen } from './SharedScreen';
import { useCall } from './useCall';
import { useCitizenAwayNotice } from './useCitizenAwayNotice';
import { useFullscreen } from './useFullscreen';
import { type ParticipantNames, useParticipantName } from './useParticipantName';
import { usePeerNotice } from './usePeerNotice';
import { usePictureInPicture } from './usePictureInPicture';
import { useScreenShare } from './useScreenShare';
import { useUnread } from './useUnread';

export type { CallTab } from './CallTabs';

interface CallPanelProps {
  /** Prefix for element ids, so two panels never collide. */
  idPrefix: string;
  session: CallSession | null;
  localStream: MediaStream | null;
  heading: string;
  /** How this side calls the agent or the citizen, if not by their role (guests go by their label). */
  names?: ParticipantNames;
  hangUpLabel: string;
  onHangUp(): void;
  /** Remembers a device switch (e.g. in the tab's preferences). */
  onDeviceChosen?(kind: 'camera' | 'microphone' | 'speaker', deviceId: string): void;
  speakerId?: string | undefined;
  /** Further things of this side in the call's top bar, e.g. the agent's concern, transfer and queues. */
  children?: ReactNode;
  /** Page notices that belong in view during the call, e.g. the connection banner. */
  notices?: ReactNode;
  /** The side panel's tabs: chat, files, the shared form; for the agent also notes, guests and queues. */
  tabs: CallTab[];
  /** After this many minutes of interruption the panel says the call may be given up (the agent's side). */
  interruptionLimitMinutes?: number;
}

/** Side panel open from the start where it fits beside the stage; on phones it waits for the button. */
const WIDE_SCREEN = '(min-width: 64rem)';
const PORTRAIT = '(orientation: portrait)';

/**
 * The live consultation as a call screen: the others fill the stage (one labelled tile each, a grid
 * for guests), oneself small in a movable corner — or, while someone shares a screen, the screen fills
 * it and everyone's pictures line up beside it —, connection state and quality over the stage, one
 * bar of controls at its foot that never scrolls away, and a side panel (a bottom sheet on phones)
 * with the consultation's tabs. Focus order: heading, top bar, stage tools, bar, panel.
 */
export function CallPanel(props: CallPanelProps) {
  const { idPrefix, session, localStream, heading, names = {}, hangUpLabel, onHangUp, tabs } = props;
  const { t } = useTranslation();
  const call = useCall(session);
  const participantName = useParticipantName(names);
  const nameOf = (peer: CallPeer) => participantName(peer.id, peer.label);
  const peerNotice = usePeerNotice(call.remotes, nameOf);
  const awayNotice = useCitizenAwayNotice(call, nameOf);
  const screen = useScreenShare(session);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const screenRef = useRef<HTMLElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const fullscreen = useFullscreen(stageRef);
  const pip = usePictureInPicture(
    useCallback(
      () =>
        stageRef.current?.querySelector<HTMLVideoElement>('.call-share__video, .call-tile__video') ?? null,
      [],
    ),
  );
  const [muted, setMuted] = useState(() => (localStream ? isMicrophoneMuted(localStream) : false));
  const [cameraOff, setCameraOffState] = useState(() =>
    localStream && localStream.getVideoTracks().length > 0 ? isCameraOff(localStream) : false,
  );
  const [speakerId, setSpeakerId] = useState(props.speakerId);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const [panelOpen, setPanelOpen] = useState(() => window.matchMedia(WIDE_SCREEN).matches);
  const [activeTab, setActiveTab] = useState(() => tabs[0]?.id ?? '');
  const unread = useUnread(panelOpen ? activeTab : null, (tabId, count) =>
    t('call.panel.arrived', { tab: tabs.find((tab) => tab.id === tabId)?.label ?? '', count }),
  );

  // The call view opens in view and its heading takes focus (no trap: Tab moves on as usual); a phone
  // turned sideways or upright brings it back into view (the page above it changes height).
  useEffect(() => {
    const align = () => screenRef.current?.scrollIntoView({ block: 'start', behavior: 'instant' });
    align();
    headingRef.current?.focus({ preventScroll: true });
    const portrait = window.matchMedia(PORTRAIT);
    portrait.addEventListener('change', align);
    return () => portrait.removeEventListener('change', align);
  }, []);

  const showTab = useCallback((tabId: string) => {
    setActiveTab(tabId);
    setPanelOpen(true);
  }, []);

  const hasLocalVideo = (localStream?.getVideoTracks().length ?? 0) > 0;
  const hasLocalAudio = (localStream?.getAudioTracks().length ?? 0) > 0;
  const blocked = useCallback(() => setSoundBlocked(true), []);
  const panelId = `${idPrefix}-panel`;
  const hasRemoteVideo = call.remotes.some((remote) => (remote.stream?.getVideoTracks().length ?? 0) > 0);
  // One shared screen fills the stage; should two people share at once, the first named one shows.
  const sharer = call.remotes.find((remote) => remote.screen !== null);

  const tiles = (
    <ul
      className={`call-tiles call-tiles--${Math.min(call.remotes.length, 4)}`}
      aria-label={t('guests.participants')}
    >
      {call.remotes.length === 0 ? (
        <li className="call-tile">
          <p className="call-placeholder kern-body">{t('call.waitingForPicture')}</p>
        </li>
      ) : null}
      {call.remotes.map((remote) => (
        <RemoteTile
          key={remote.peer.id}
          name={nameOf(remote.peer)}
          stream={remote.stream}
          muted={soundBlocked}
          speakerId={speakerId}
          onAutoplayBlocked={blocked}
        />
      ))}
    </ul>
  );
  // Over a corner of the stage; docked beside the others' pictures while a shared screen fills it.
  const self = (
    <SelfView docked={sharer !== undefined}>
      <OwnPicture camera={hasLocalVideo && !cameraOff ? localStream : null} screen={screen.stream} />
    </SelfView>
  );

  return (
    <section
      ref={screenRef}
      className={`call-screen${panelOpen ? ' call-screen--panel-open' : ''}`}
      aria-labelledby={`${idPrefix}-heading`}
    >
      <div className="call-screen__main">
        <div className="call-screen__top">
          <h2 id={`${idPrefix}-heading`} ref={headingRef} tabIndex={-1} className="call-screen__heading">
            {heading}
          </h2>
          {props.children ? (
            <ShowTabProvider value={showTab}>
              <div className="call-screen__actions">{props.children}</div>
            </ShowTabProvider>
          ) : null}
        </div>
        {props.notices}
        <div ref={stageRef} className="call-stage">
          <div className={`call-stage__videos${sharer ? ' call-stage__videos--sharing' : ''}`}>
            {sharer?.screen ? (
              <div className="call-sharing">
                <SharedScreen name={nameOf(sharer.peer)} stream={sharer.screen} />
                {tiles}
                {self}
              </div>
            ) : (
              tiles
            )}
            <CallStatus
              session={session}
              state={call.state}
              quality={call.quality}
              notices={[
                awayNotice,
                screen.notice ? t(`call.screen.${screen.notice}`) : null,
                sharer ? t('call.screen.remoteSharing', { name: nameOf(sharer.peer) }) : null,
                peerNotice,
              ]}
              interruptionLimitMinutes={props.interruptionLimitMinutes}
            />
            <div className="call-stage__tools">
              <DeviceSettings
                idPrefix={idPrefix}
                session={session}
                localStream={localStream}
                speakerId={speakerId}
                onSpeaker={setSpeakerId}
                {...(props.onDeviceChosen ? { onDeviceChosen: props.onDeviceChosen } : {})}
              />
              {pip.supported && hasRemoteVideo ? (
                <button type="button" className="call-tool" aria-pressed={pip.active} onClick={pip.toggle}>
                  <CallIcon name="pip" />
                  <span className="kern-sr-only">{t('call.pictureInPicture')}</span>
                </button>
              ) : null}
              {fullscreen.supported ? (
                <button
                  type="button"
                  className="call-tool"
                  aria-pressed={fullscreen.active}
                  onClick={fullscreen.toggle}
                >
                  <CallIcon name={fullscreen.active ? 'exitFullscreen' : 'fullscreen'} />
                  <span className="kern-sr-only">{t('call.fullscreen')}</span>
                </button>
              ) : null}
            </div>
            {soundBlocked ? (
              <button
                type="button"
                className="kern-btn kern-btn--primary call-stage__sound"
                onClick={() => setSoundBlocked(false)}
              >
                <span className="kern-label">{t('call.enableSound')}</span>
              </button>
            ) : null}
            {sharer?.screen ? null : self}
          </div>
          <ControlBar
            muted={muted}
            canMute={hasLocalAudio}
            onMute={() => {
              if (!localStream) return;
              setMicrophoneMuted(localStream, !muted);
              setMuted(!muted);
            }}
            cameraOff={cameraOff}
            canTurnCamera={hasLocalVideo}
            onCamera={() => {
              if (!localStream) return;
              setCameraOff(localStream, !cameraOff);
              setCameraOffState(!cameraOff);
            }}
            screen={{ supported: screen.supported, sharing: screen.stream !== null, toggle: screen.toggle }}
            panel={{
              id: panelId,
              open: panelOpen,
              unread: unread.total,
              toggle: () => setPanelOpen((o) => !o),
            }}
            hangUpLabel={hangUpLabel}
            onHangUp={onHangUp}
          />
        </div>
      </div>
      <CallTabs
        id={panelId}
        tabs={tabs}
        open={panelOpen}
        active={activeTab}
        unread={unread.counts}
        onSelect={setActiveTab}
        onClose={() => {
          setPanelOpen(false);
          // The close button disappears with the panel: focus goes back to the button that opens it.
          screenRef.current?.querySelector<HTMLElement>(`[aria-controls="${panelId}"]`)?.focus();
        }}
        arrived={unread.arrived}
      />
      <p role="status" className="kern-sr-only">
        {unread.announcement}
      </p>
    </section>
  );
}
