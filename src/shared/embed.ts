import { z } from 'zod';
import { contrastRatio } from './contrast';

/** Path below /{tenant} of the widget page the authority embeds on its own website. */
export const EMBED_PAGE_PATH = 'einbetten/buero';

/** KERN's self-hosted Fira Sans, or the visitor's own system font (nothing to download, closer to many sites). */
export const EmbedFont = z.enum(['fira-sans', 'system']);
export type EmbedFont = z.infer<typeof EmbedFont>;

/** White text sits on the accent (buttons) and the accent on white (links): both need WCAG AA. */
export const MIN_ACCENT_CONTRAST = 4.5;

const HexColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour #rrggbb')
  .transform((hex) => hex.toLowerCase())
  .refine((hex) => contrastRatio(hex, '#ffffff') >= MIN_ACCENT_CONTRAST, 'too little contrast with white');

/** An https origin (scheme, host, optional port); plain http only on this machine's loopback, for trials. */
const ORIGIN =
  /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;
const LOOPBACK_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/;

/** "https://WWW.Example.de/" → "https://www.example.de"; null for anything with a path, query or user. */
function canonicalOrigin(input: string): string | null {
  try {
    const url = new URL(input);
    return url.href === `${url.origin}/` ? url.origin : null;
  } catch {
    return null;
  }
}

/** Goes verbatim into the CSP header, so the patterns admit no wildcard, space or semicolon. */
const EmbedOrigin = z
  .string()
  .trim()
  .max(200)
  .transform((input, ctx) => {
    const origin = canonicalOrigin(input);
    if (origin && (ORIGIN.test(origin) || LOOPBACK_ORIGIN.test(origin))) return origin;
    ctx.issues.push({ code: 'custom', message: 'expected an https origin', input });
    return z.NEVER;
  });

export const EmbedTheme = z.strictObject({
  /** Colour of buttons and links in the widget, #rrggbb; null keeps the KERN blue. */
  accentColor: HexColor.nullable(),
  /** Font family of the widget. */
  font: EmbedFont,
});
export type EmbedTheme = z.infer<typeof EmbedTheme>;

export const EmbedSettings = z.strictObject({
  embedTheme: EmbedTheme,
  /** Origins of the authority's websites that may show the widget; empty: none may. */
  embedAllowedOrigins: z
    .array(EmbedOrigin)
    .max(20)
    .refine((origins) => new Set(origins).size === origins.length, 'each origin only once'),
});
export type EmbedSettingsInput = z.input<typeof EmbedSettings>;

/** The settings as stored and answered: already canonical, so without the transforms (responses are encoded). */
export const EmbedSettingsView = z.object({
  embedTheme: z.object({ accentColor: z.string().nullable(), font: EmbedFont }),
  embedAllowedOrigins: z.array(z.string()),
});
export type EmbedSettings = z.infer<typeof EmbedSettingsView>;
