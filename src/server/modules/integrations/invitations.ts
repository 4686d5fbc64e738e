import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Temporal } from 'temporal-polyfill';
import type { V1Consultation, V1ConsultationCreate } from '../../../shared/api-v1';
import { JoinResult } from '../../../shared/booking';
import type { AppContext } from '../../context';
import type { Db } from '../../db/client';
import { endOfDay } from '../../domain/day-end';
import { HttpProblem, notFound } from '../../http/problem';
import { hashToken, newToken } from '../../security/tokens';
import { recordAuditNow } from '../audit/audit-log';
import { linkUsed, reopenVisit } from '../visits/join-links';
import { VisitAuthHeaders } from '../visits/schema';

/** Where the citizen opens an invitation; the token sits in the fragment, out of logs and Referer headers. */
export const invitationUrl = (publicUrl: URL, tenantSlug: string, token: string) =>
  `${publicUrl.origin}/${tenantSlug}/einladung#${token}`;

interface InvitationRow {
  id: string;
  tenantId: string;
  tenantSlug: string;
  officeId: string;
  officeSlug: string;
  citizenName: string;
  caseReference: string | null;
  createdAt: Date;
  expiresAt: Date;
  visitId: string | null;
}

const INVITATION = `SELECT i.id, i.tenant_id AS "tenantId", t.slug AS "tenantSlug", i.office_id AS "officeId",
    o.slug AS "officeSlug", i.citizen_name AS "citizenName", i.case_reference AS "caseReference",
    i.created_at AS "createdAt", i.expires_at AS "expiresAt", i.visit_id AS "visitId"
  FROM visit_invitations i JOIN tenants t ON t.id = i.tenant_id JOIN offices o ON o.id = i.office_id`;

/**
 * Invitations into an office's queue, made by a case system: like an appointment's join link, but without
 * a slot. Opening hours and capacity do not apply (an agent invited the citizen), and the visit counts as a
 * due appointment from the invitation's creation, so it is called before walk-ins. That is why a link is
 * good for one day and one visit only: it expires at the end of the day it was made (in the authority's
 * time zone), or sooner if the case system asks, and once its visit is over it opens no other.
 */
export function createInvitationStore(db: Db, clock: () => Temporal.Instant) {
  const now = () => new Date(clock().epochMilliseconds);
  return {
    async create(tenantId: string, apiKeyId: string, input: V1ConsultationCreate) {
      const [office] = await db.query<{ tenantSlug: string; timeZone: string }>(
        `SELECT t.slug AS "tenantSlug", t.time_zone AS "timeZone" FROM offices o JOIN tenants t ON t.id = o.tenant_id
          WHERE o.id = $1 AND o.tenant_id = $2`,
        [input.officeId, tenantId],
      );
      if (!office) throw notFound('Office');
      const token = newToken();
      const created = clock();
      const dayEnd = endOfDay(created, office.timeZone);
      const asked = input.validMinutes ? created.add({ minutes: input.validMinutes }) : dayEnd;
      const createdAt = new Date(created.epochMilliseconds);
      const expiresAt = new Date(Math.min(asked.epochMilliseconds, dayEnd.epochMilliseconds));
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO visit_invitations (tenant_id, office_id, citizen_name, case_reference, token_hash, api_key_id,
           created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          tenantId,
          input.officeId,
          input.citizen.name,
          input.caseReference ?? null,
          hashToken(token),
          apiKeyId,
          createdAt,
          expiresAt,
        ],
      );
      return { id: row!.id, token, tenantSlug: office.tenantSlug, expiresAt: expiresAt.toISOString() };
    },

    async get(tenantId: string, id: string): Promise<V1Consultation | undefined> {
      const [row] = await db.query<InvitationRow & { visitStatus: string | null }>(
        `SELECT q.*, v.status AS "visitStatus" FROM (${INVITATION} WHERE i.id = $1 AND i.tenant_id = $2) q
           LEFT JOIN visits v ON v.id = q."visitId"`,
        [id, tenantId],
      );
      if (!row) return undefined;
      const [protocol] = await db.query<{ version: number; issuedAt: Date; pdfSha256: string }>(
        `SELECT p.version, p.issued_at AS "issuedAt", p.pdf_sha256 AS "pdfSha256"
           FROM consultation_protocols p JOIN consultations c ON c.id = p.consultation_id
          WHERE c.visit_id = $1 AND p.tenant_id = $2 ORDER BY p.issued_at DESC, p.version DESC LIMIT 1`,
        [row.visitId, tenantId],
      );
      const expired = now().getTime() > new Date(row.expiresAt).getTime();
      const status: V1Consultation['status'] =
        row.visitStatus === 'waiting' || row.visitStatus === 'in_consultation'
          ? row.visitStatus
          : row.visitStatus
            ? 'ended'
            : expired
              ? 'expired'
              : 'invited';
      return {
        id: row.id,
        officeId: row.officeId,
        citizen: { name: row.citizenName },
        caseReference: row.caseReference,
        createdAt: new Date(row.createdAt).toISOString(),
        expiresAt: new Date(row.expiresAt).toISOString(),
        status,
        protocol: protocol
          ? {
              version: protocol.version,
              issuedAt: new Date(protocol.issuedAt).toISOString(),
              pdfSha256: protocol.pdfSha256,
            }
          : null,
      };
    },

    /**
     * The citizen opens the link: into the office's queue. Opening it again (another device) hands the
     * same visit over to that device as long as it waits or talks (visits/join-links.ts); once it is
     * over (left, completed or removed by staff), the link is used up.
     */
    async redeem(token: string) {
      const visitToken = newToken();
      return db.transaction(async (tx) => {
        const [row] = await tx.query<InvitationRow>(`${INVITATION} WHERE i.token_hash = $1 FOR UPDATE OF i`, [
          hashToken(token),
        ]);
        if (!row) throw new HttpProblem(404, 'Not Found', 'This link is not valid (any more)');
        if (now().getTime() > new Date(row.expiresAt).getTime()) {
          throw new HttpProblem(409, 'Too late', 'This invitation has expired', { reason: 'over' });
        }
        if (row.visitId) {
          const before = await reopenVisit(tx, row.visitId, hashToken(visitToken));
          if (before.kind === 'handed-over')
            return { row, visitId: row.visitId, visitToken, handedOver: true };
          if (before.kind === 'ended') throw linkUsed();
        }
        const [visit] = await tx.query<{ id: string }>(
          `INSERT INTO visits (tenant_id, office_id, kind, display_name, concern, resume_token_hash,
             appointment_starts_at)
           VALUES ($1, $2, 'appointment', $3, $4, $5, $6) RETURNING id`,
          [
            row.tenantId,
            row.officeId,
            row.citizenName.slice(0, 60),
            row.caseReference ? `Az. ${row.caseReference}` : '',
            hashToken(visitToken),
            row.createdAt,
          ],
        );
        await tx.query('UPDATE visit_invitations SET visit_id = $2 WHERE id = $1', [row.id, visit!.id]);
        return { row, visitId: visit!.id, visitToken, handedOver: false };
      });
    },
  };
}

/** /api/public/invitation/join: the citizen's side of POST /api/v1/consultations. */
export const publicInvitationRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const invitations = createInvitationStore(ctx.db, () => ctx.clock());

  app.post(
    '/invitation/join',
    { schema: { headers: VisitAuthHeaders, response: { 200: JoinResult } } },
    async (request) => {
      const token = request.headers.authorization?.match(/^Bearer (\S+)$/)?.[1];
      if (!token) throw new HttpProblem(401, 'Unauthorized', 'This link is not valid (any more)');
      const { row, visitId, visitToken, handedOver } = await invitations.redeem(token);
      await ctx.visitEvents.officeChanged([row.officeId]);
      if (handedOver) await ctx.visitEvents.handedOver(visitId);
      await recordAuditNow(ctx.db, {
        tenantId: row.tenantId,
        actor: `citizen:${visitId}`,
        action: 'invitation.opened',
        object: `invitation:${row.id}`,
      });
      return { visitToken, officeSlug: row.officeSlug, tenantSlug: row.tenantSlug };
    },
  );
};
