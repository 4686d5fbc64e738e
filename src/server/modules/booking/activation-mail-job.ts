import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { JobHandler } from '../../jobs/queue';
import type { LinkTokens } from '../../security/link-tokens';
import { activationMail } from '../notifications/activation-mail';
import { officePlaceOf } from '../notifications/appointment-ics';
import type { Mailer } from '../notifications/mailer';
import type { Language } from '../notifications/templates';

/** The job that asks the citizen to confirm an internet booking (one mail per booking). */
export const ACTIVATION_MAIL_JOB = 'appointment.activation-mail';

interface Row {
  id: string;
  tenantId: string;
  tenantSlug: string;
  authorityName: string;
  timeZone: string;
  serviceName: string;
  durationMinutes: number;
  kind: 'video' | 'on_site';
  officeName: string;
  officeAddress: string | null;
  officeDirections: string | null;
  startsAt: Date;
  activateBy: Date;
  email: string;
  language: Language;
}

/** Where the activation link leads; the token sits in the fragment, out of logs and Referer headers. */
export const activationUrl = (publicUrl: URL, tenantSlug: string, token: string) =>
  `${publicUrl.origin}/${tenantSlug}/termin/aktivieren#${token}`;

export function createActivationMailJob(deps: {
  db: Db;
  mailer: Mailer;
  links: LinkTokens;
  config: Pick<Config, 'publicUrl'>;
}): JobHandler {
  return async (payload) => {
    // Only what the authority chose is read: no column the requester typed (name, phone, intake) can reach
    // this mail to an address nobody has verified.
    const [row] = await deps.db.query<Row>(
      `SELECT a.id, a.tenant_id AS "tenantId", t.slug AS "tenantSlug", t.name AS "authorityName",
              t.time_zone AS "timeZone", s.name AS "serviceName", s.duration_minutes AS "durationMinutes",
              a.kind, o.name AS "officeName", o.address AS "officeAddress", o.directions AS "officeDirections",
              a.starts_at AS "startsAt", a.activate_by AS "activateBy",
              a.citizen_email AS email, a.language
         FROM appointments a JOIN tenants t ON t.id = a.tenant_id JOIN services s ON s.id = a.service_id
         JOIN offices o ON o.id = a.office_id
        WHERE a.id = $1 AND a.status = 'pending_activation'`,
      [String(payload.appointmentId)],
    );
    // Expired before the mail went out (a long mail outage): a link that no longer works helps nobody.
    if (!row) return;
    const mail = activationMail({
      language: row.language,
      authorityName: row.authorityName,
      timeZone: row.timeZone,
      serviceName: row.serviceName,
      start: row.startsAt,
      durationMinutes: row.durationMinutes,
      ...(row.kind === 'on_site'
        ? { channel: 'on_site' as const, office: officePlaceOf(row) }
        : { channel: 'video' as const }),
      activationUrl: activationUrl(
        deps.config.publicUrl,
        row.tenantSlug,
        deps.links.token('activate', row.id, 1),
      ),
      activateBy: row.activateBy,
    });
    await deps.mailer.send(row.tenantId, { to: row.email, ...mail });
  };
}
