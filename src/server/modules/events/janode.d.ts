/**
 * The part of janode (plain JavaScript, no types shipped) that Amtsraum uses: a WebSocket connection to
 * Janus, one session per connection, VideoRoom handles on it. Names as in janode 1.8's JSDoc.
 */
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface Jsep {
    type: 'offer' | 'answer';
    sdp: string;
  }

  export interface JanodeHandle extends EventEmitter {
    trickle(candidate: object | null): Promise<unknown>;
    detach(): Promise<unknown>;
  }

  export interface JanodeSession extends EventEmitter {
    attach<H extends JanodeHandle>(plugin: { id: string; Handle: new (...args: never[]) => H }): Promise<H>;
    destroy(): Promise<unknown>;
  }

  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<unknown>;
  }

  const Janode: {
    connect(config: {
      address: { url: string; apisecret?: string };
      retry_time_secs?: number;
      max_retries?: number;
    }): Promise<JanodeConnection>;
    EVENT: {
      CONNECTION_CLOSED: string;
      CONNECTION_ERROR: string;
      SESSION_DESTROYED: string;
      HANDLE_DETACHED: string;
      HANDLE_HANGUP: string;
      HANDLE_TRICKLE: string;
      HANDLE_WEBRTCUP: string;
    };
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): void };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { JanodeHandle, Jsep } from 'janode';

  export interface VideoRoomHandle extends JanodeHandle {
    create(params: {
      room: number;
      description?: string;
      secret?: string;
      admin_key?: string;
      max_publishers?: number;
      is_private?: boolean;
      permanent?: boolean;
      rec_dir?: string;
    }): Promise<{ room: number }>;
    destroy(params: { room: number; secret?: string }): Promise<unknown>;
    exists(params: { room: number }): Promise<{ exists: boolean }>;
    joinConfigurePublisher(params: {
      room: number;
      display?: string;
      audio?: boolean;
      video?: boolean;
      record?: boolean;
      filename?: string;
      jsep: Jsep;
    }): Promise<{ feed: number; jsep?: Jsep }>;
    /** A publisher's settings without renegotiation: here, whether (and as what) it is recorded. */
    configure(params: { record?: boolean; filename?: string }): Promise<unknown>;
    joinSubscriber(params: { room: number; feed: number }): Promise<{ jsep?: Jsep }>;
    start(params: { jsep: Jsep }): Promise<unknown>;
    leave(): Promise<unknown>;
  }

  const VideoRoomPlugin: {
    id: string;
    Handle: new (...args: never[]) => VideoRoomHandle;
    EVENT: {
      VIDEOROOM_UNPUBLISHED: string;
      VIDEOROOM_LEAVING: string;
      VIDEOROOM_DESTROYED: string;
    };
  };
  export default VideoRoomPlugin;
}
