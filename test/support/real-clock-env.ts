/**
 * The environment for the daemons a test starts (Chromium, Janus, nginx, SIPp): this process's, without
 * libfaketime. Under scripts/test-at-instants.sh Amtsraum's own processes live at the faked instant; these
 * keep the real clock, as PostgreSQL and Redis do (and as another machine's would). Chromium needed 69 s
 * instead of 1 s to print one page under libfaketime. coturn is not among them: it checks the expiry
 * Amtsraum writes into each TURN username by its own clock, so it shares Amtsraum's.
 */
export function realClockEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')) kept[name] = value;
  }
  return kept;
}
