import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type GuestView, MAX_GUESTS } from '../../shared/guests';
import { guestAdminApi } from '../api/guests';
import type { CallSession } from '../call/call-session';
import { Button } from '../components/Button';
import { FieldFrame, fieldControlProps } from '../components/FieldFrame';
import { FormAlert } from '../components/FormAlert';
import { StatusMessage } from '../components/StatusMessage';
import { TextField } from '../components/TextField';
import { problemMessage } from '../lib/problemMessage';

interface GuestInvitePanelProps {
  idPrefix: string;
  consultationId: string;
  /** The agent's call: when someone joins or leaves, the list is asked again. */
  session: CallSession | null;
}

/**
 * The agent invites a guest (interpreter, colleague) into the running consultation: a one-time link to
 * copy and pass on, the guests invited or in the call, and removing them.
 */
export function GuestInvitePanel({ idPrefix, consultationId, session }: GuestInvitePanelProps) {
  const { t } = useTranslation();
  const [guests, setGuests] = useState<GuestView[]>([]);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  /** The guest just invited: their link field takes focus, ready to copy. */
  const [invitedId, setInvitedId] = useState<string | null>(null);
  const linkId = (guestId: string) => `${idPrefix}-guest-link-${guestId}`;
  const selectLink = (guestId: string) =>
    (document.getElementById(linkId(guestId)) as HTMLInputElement | null)?.select();
  const nameOf = (guest: GuestView) => guest.label || t('guests.defaultName');

  const reload = useCallback(
    () =>
      guestAdminApi.list(consultationId).then(
        (list) => setGuests(list.guests),
        (error: unknown) => setProblem(problemMessage(error, t)),
      ),
    [consultationId, t],
  );
  useEffect(() => void reload(), [reload]);
  useEffect(() => session?.on('peers', () => void reload()), [session, reload]);
  // Once the list shows the new guest, their link is selected (and focused) for copying, once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: selectLink reads the DOM by a stable id
  useEffect(() => {
    if (!invitedId || !guests.some((guest) => guest.id === invitedId)) return;
    selectLink(invitedId);
    setInvitedId(null);
  }, [invitedId, guests]);

  async function act(action: () => Promise<string>) {
    setBusy(true);
    setProblem(null);
    setStatus(null);
    try {
      setStatus(await action());
      await reload();
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  const invite = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const guest = await guestAdminApi.invite(consultationId, label.trim());
      setLabel('');
      setInvitedId(guest.id);
      return t('guests.invite.invited', { name: nameOf(guest) });
    });
  };

  async function copy(guest: GuestView) {
    setProblem(null);
    try {
      await navigator.clipboard.writeText(guest.url ?? '');
      setStatus(t('guests.invite.copied'));
    } catch {
      // No clipboard access (an insecure origin, a refused permission): the field is selected for Ctrl+C.
      selectLink(guest.id);
      setProblem(t('guests.invite.copyFailed'));
    }
  }

  const full = guests.length >= MAX_GUESTS;
  return (
    <section className="stack stack--small" aria-labelledby={`${idPrefix}-guests-heading`}>
      <h3 id={`${idPrefix}-guests-heading`} className="kern-heading-small">
        {t('guests.invite.title')}
      </h3>
      <p className="kern-body">{t('guests.invite.intro', { count: MAX_GUESTS })}</p>
      <FormAlert message={problem} />
      <StatusMessage message={status} />
      {guests.length > 0 ? (
        <ul className="guest-list" aria-label={t('guests.invite.list')}>
          {guests.map((guest) => (
            <li key={guest.id} className="guest-list__item stack stack--small">
              <p className="kern-body">
                <span className="kern-body--bold">{nameOf(guest)}</span>
                {' – '}
                {t(`guests.invite.status.${guest.status}`)}
              </p>
              {guest.url ? (
                <div className="guest-list__link">
                  <FieldFrame
                    id={linkId(guest.id)}
                    label={t('guests.invite.linkLabel', { name: nameOf(guest) })}
                  >
                    <input {...fieldControlProps(linkId(guest.id), 'input', {})} value={guest.url} readOnly />
                  </FieldFrame>
                  <div>
                    <Button variant="secondary" onClick={() => void copy(guest)}>
                      {t('guests.invite.copy', { name: nameOf(guest) })}
                    </Button>
                  </div>
                </div>
              ) : null}
              <div>
                <Button
                  variant="tertiary"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      await guestAdminApi.remove(consultationId, guest.id);
                      return t('guests.invite.removed', { name: nameOf(guest) });
                    })
                  }
                >
                  {t('guests.invite.remove', { name: nameOf(guest) })}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {full ? (
        <p className="kern-body">{t('guests.invite.full', { count: MAX_GUESTS })}</p>
      ) : (
        <form className="stack stack--small" onSubmit={invite} noValidate>
          <TextField
            id={`${idPrefix}-guest-label`}
            label={t('guests.invite.label')}
            hint={t('guests.invite.labelHint')}
            value={label}
            onChange={setLabel}
            maxLength={60}
            optional
          />
          <div>
            <Button type="submit" disabled={busy}>
              {t('guests.invite.submit')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
