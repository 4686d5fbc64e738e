import type { EventMedia, WatchedMedia } from '../../shared/event-signals';
import type { RealtimeClient } from '../call/realtime-client';

/**
 * The browser's side of an event's media. The page talks only to Amtsraum's socket; the server relays
 * to Janus. A host's connection publishes (this side offers), a watcher's receives (Janus offers).
 * Both send their candidates as they come (trickle) and take Janus's the same way.
 */

type Client = Pick<RealtimeClient, 'send' | 'on' | 'onStateChange' | 'state'>;

/** Sends this connection's candidates to the server and adds the ones Janus sends back. */
function relayCandidates(client: Client, pc: RTCPeerConnection, eventId: string, media: EventMedia) {
  pc.onicecandidate = ({ candidate }) => {
    const found = candidate
      ? {
          candidate: candidate.candidate,
          sdpMid: candidate.sdpMid,
          sdpMLineIndex: candidate.sdpMLineIndex,
          usernameFragment: candidate.usernameFragment,
        }
      : null;
    client.send({ type: 'event.candidate', eventId, media, candidate: found });
  };
  return client.on('event.candidate', (message) => {
    if (message.eventId !== eventId || message.media !== media) return;
    void pc.addIceCandidate(message.candidate ?? undefined).catch(() => {});
  });
}

export interface Stage {
  stop(): void;
}

/**
 * Puts the host's camera and microphone on stage (or the microphone of a citizen given the floor);
 * `onLive` hears when Janus took it (true) and when it is off again (false: stopped, or the socket came
 * back and publishing starts over). `recordingConsent`: the citizen agreed to be recorded.
 */
export function publishStage(
  client: Client,
  eventId: string,
  stream: MediaStream,
  onLive: (live: boolean) => void,
  { recordingConsent }: { recordingConsent?: boolean } = {},
): Stage {
  let pc: RTCPeerConnection | null = null;
  let stopRelay = () => {};
  const start = async () => {
    stopRelay();
    pc?.close();
    const current = new RTCPeerConnection();
    pc = current;
    for (const track of stream.getTracks()) current.addTrack(track, stream);
    stopRelay = relayCandidates(client, current, eventId, 'publish');
    await current.setLocalDescription(await current.createOffer());
    const sdp = current.localDescription?.sdp ?? '';
    client.send({ type: 'event.publish', eventId, sdp, ...(recordingConsent ? { recordingConsent } : {}) });
  };
  const offs = [
    client.on('event.published', (message) => {
      if (message.eventId !== eventId || !pc) return;
      void pc.setRemoteDescription({ type: 'answer', sdp: message.sdp }).then(() => onLive(true));
    }),
    // After a lost socket the server has dropped this side's publisher: publish anew.
    client.onStateChange((state, previous) => {
      if (state === 'open' && previous !== 'open') void start();
      else if (state !== 'open') onLive(false);
    }),
  ];
  if (client.state === 'open') void start();
  return {
    stop() {
      for (const off of offs) off();
      stopRelay();
      client.send({ type: 'event.leave', eventId, media: 'publish' });
      pc?.close();
      onLive(false);
    },
  };
}

/** Which news says that what a connection receives is on (or off). */
const liveNews = { watch: 'event.stage', listen: 'event.floor' } as const;

/**
 * Watches the stage (`watch`: the hosts' picture and sound) or listens to the citizen given the floor
 * (`listen`): `onStream` gets the media while someone is on, and null while nobody is.
 */
export function watchStage(
  client: Client,
  eventId: string,
  onStream: (stream: MediaStream | null) => void,
  media: WatchedMedia = 'watch',
): Stage {
  let pc: RTCPeerConnection | null = null;
  let stopRelay = () => {};
  const end = () => {
    stopRelay();
    pc?.close();
    pc = null;
    onStream(null);
  };
  const answer = async (sdp: string) => {
    end();
    const current = new RTCPeerConnection();
    pc = current;
    stopRelay = relayCandidates(client, current, eventId, media);
    // A new stream per track: the <video> takes a new srcObject, and so the picture and the sound both.
    const tracks: MediaStreamTrack[] = [];
    current.ontrack = ({ track }) => {
      tracks.push(track);
      onStream(new MediaStream(tracks));
    };
    await current.setRemoteDescription({ type: 'offer', sdp });
    await current.setLocalDescription(await current.createAnswer());
    client.send({ type: 'event.answer', eventId, media, sdp: current.localDescription?.sdp ?? '' });
  };
  const ask = () => client.send({ type: 'event.watch', eventId, media });
  const offs = [
    client.on('event.offer', (message) => {
      if (message.eventId === eventId && message.media === media) void answer(message.sdp);
    }),
    client.on(liveNews[media], (message) => {
      if (message.eventId !== eventId) return;
      if (message.live) ask();
      else end();
    }),
    client.onStateChange((state, previous) => {
      if (state === 'open' && previous !== 'open') ask();
    }),
  ];
  if (client.state === 'open') ask();
  return {
    stop() {
      for (const off of offs) off();
      client.send({ type: 'event.leave', eventId, media });
      end();
    },
  };
}
