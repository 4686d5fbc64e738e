import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * The floor for call setup: two pages and one tiny relay (HTTP for a blank page, WebSocket for
 * offer/answer/candidates, nothing else). No application, no database, no framework.
 */

export interface FloorServer {
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

const PAGE = '<!doctype html><html lang="en"><title>floor</title><body></body></html>';

export async function startFloorServer(): Promise<FloorServer> {
  const http: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGE);
  });
  const wss = new WebSocketServer({ server: http });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (socket, request) => {
    const room = new URL(request.url ?? '/', 'http://x').searchParams.get('room') ?? '';
    let peers = rooms.get(room);
    if (!peers) {
      peers = new Set();
      rooms.set(room, peers);
    }
    const members = peers;
    members.add(socket);
    socket.on('message', (data, isBinary) => {
      for (const other of members) {
        if (other !== socket && other.readyState === WebSocket.OPEN) other.send(data, { binary: isBinary });
      }
    });
    socket.on('close', () => {
      members.delete(socket);
      if (members.size === 0) rooms.delete(room);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => http.close(() => resolve()));
      }),
  };
}

/**
 * Prepares one side in its page: camera+microphone opened and the relay socket open (both before the
 * measured interval, as in the app, where both sides hold their media before the agent clicks).
 * The offerer's `__floorStart()` then marks 'start' and runs: new RTCPeerConnection, addTrack,
 * createOffer, setLocalDescription, send; the answerer creates its connection when the offer arrives.
 * Candidates trickle both ways; every incoming message is applied in order.
 */
export async function preparePeer(page: Page, wsUrl: string, room: string, offerer: boolean): Promise<void> {
  await page.evaluate(
    async ({ wsUrl, room, offerer }) => {
      type Message = { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit };
      const g = globalThis as typeof globalThis & {
        __benchMark?: (name: string) => void;
        __floorStart?: () => Promise<void>;
        __floorPc?: RTCPeerConnection;
      };
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const socket = new WebSocket(`${wsUrl}?room=${encodeURIComponent(room)}`);
      await new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error('relay socket failed'));
      });
      const send = (message: Message) => socket.send(JSON.stringify(message));
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      document.body.append(video);

      const open = () => {
        const pc = new RTCPeerConnection({ iceServers: [] });
        g.__floorPc = pc;
        pc.onicecandidate = ({ candidate }) => {
          if (candidate) send({ candidate: candidate.toJSON() });
        };
        pc.ontrack = ({ streams, track }) => {
          if (track.kind !== 'video') return;
          video.srcObject = streams[0] ?? new MediaStream([track]);
          void video.play();
        };
        for (const track of stream.getTracks()) pc.addTrack(track, stream);
        return pc;
      };

      let pc: RTCPeerConnection | undefined;
      let queue = Promise.resolve();
      socket.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as Message;
        queue = queue.then(async () => {
          if (message.description) {
            pc ??= open();
            await pc.setRemoteDescription(message.description);
            if (message.description.type === 'offer') {
              await pc.setLocalDescription(await pc.createAnswer());
              send({ description: pc.localDescription!.toJSON() });
            }
          } else if (message.candidate) {
            await pc?.addIceCandidate(message.candidate);
          }
        });
      };
      if (offerer) {
        g.__floorStart = async () => {
          g.__benchMark?.('start');
          pc = open();
          await pc.setLocalDescription(await pc.createOffer());
          send({ description: pc.localDescription!.toJSON() });
        };
      }
    },
    { wsUrl, room, offerer },
  );
}

export function startOffer(page: Page): Promise<void> {
  return page.evaluate(() => (globalThis as { __floorStart?: () => Promise<void> }).__floorStart?.());
}
