import { useEffect } from 'react';
import type { EmbedTheme } from '../../shared/embed';

const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Applies the authority's theme to KERN's design tokens. Set on <html>, because KERN derives its
 * contextual colours on <body> from them; through the CSSOM, which the CSP (no inline style) allows.
 */
export function useEmbedTheme(theme: EmbedTheme | undefined) {
  useEffect(() => {
    if (!theme) return;
    const root = document.documentElement.style;
    if (theme.accentColor) root.setProperty('--kern-color-action-default', theme.accentColor);
    if (theme.font === 'system') root.setProperty('--kern-typography-font-family-default', SYSTEM_FONT);
    return () => {
      root.removeProperty('--kern-color-action-default');
      root.removeProperty('--kern-typography-font-family-default');
    };
  }, [theme]);
}
