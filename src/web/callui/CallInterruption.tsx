import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallSession, CallState } from '../call/call-session';
import { formatTime, minutesSince } from '../citizen/format';

const TICK_MS = 15_000;

/**
 * While the call is interrupted: since when (on the device's clock), and for the agent, once it lasts
 * `limitMinutes`, that they may stop waiting (end the call and call the next person) — the call itself
 * keeps trying without a limit.
 */
export function CallInterruption(props: {
  session: CallSession | null;
  state: CallState;
  limitMinutes?: number;
}) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const since = props.state === 'reconnecting' ? (props.session?.troubleSince ?? null) : null;

  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [since]);

  if (since === null) return null;
  const sinceIso = new Date(since).toISOString();
  const minutes = minutesSince(sinceIso, now);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <>
      <span className="kern-body">
        {t('call.interruptedSince', { time: formatTime(sinceIso, timeZone, i18n.language) })}
      </span>
      {props.limitMinutes !== undefined && minutes >= props.limitMinutes ? (
        <span className="kern-body">{t('call.longInterruption', { minutes })}</span>
      ) : null}
    </>
  );
}
