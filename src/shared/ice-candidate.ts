import { z } from 'zod';

/** An ICE candidate as RTCIceCandidate.toJSON() gives it; null ends the candidates of a connection. */
export const IceCandidate = z.strictObject({
  candidate: z.string().max(2000),
  sdpMid: z.string().max(100).nullable().optional(),
  sdpMLineIndex: z.int().min(0).max(1000).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export type IceCandidate = z.infer<typeof IceCandidate>;

/** The SDP of one offer or answer. */
export const Sdp = z.string().min(1).max(100_000);
