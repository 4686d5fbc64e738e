import { z } from 'zod';
import { Role } from './admin';

export const LoginRequest = z.strictObject({
  email: z.string().trim().max(254),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Me = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
  unitId: z.string().nullable(),
  tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
});
export type Me = z.infer<typeof Me>;
