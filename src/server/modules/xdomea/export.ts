import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context';
import { recordAuditNow } from '../audit/audit-log';
import { loadFileMasterKey } from '../consultations/file-store';
import { sha256Hex } from '../consultations/protocol';
import { ABGABE_ELEMENT } from './message';
import { abgabePackage } from './package';
import { type ExportableConsultation, loadAbgabe } from './source';

export interface XdomeaPackage {
  fileName: string;
  zip: Uint8Array;
}

/**
 * Exports a finished consultation as an xdomea Abgabe message and writes `consultation.exported` to the
 * audit trail, with the process id and the ZIP's SHA-256, so a package found later can be matched to
 * the export that made it. `actor` is "staff:<id>" or "api_key:<id>"; callers have checked access.
 */
export function createXdomeaExport(ctx: Pick<AppContext, 'db' | 'config'>) {
  return async function exportConsultation(
    consultation: ExportableConsultation,
    actor: string,
  ): Promise<XdomeaPackage> {
    const message = await loadAbgabe(
      {
        db: ctx.db,
        dataDir: ctx.config.dataDir,
        publicUrl: ctx.config.publicUrl,
        masterKey: await loadFileMasterKey(ctx.db, ctx.config.files.masterKey),
      },
      consultation,
    );
    const exported = abgabePackage(message);
    await recordAuditNow(ctx.db, {
      tenantId: consultation.tenantId,
      actor,
      action: 'consultation.exported',
      object: `consultation:${consultation.id}`,
      details: {
        format: 'xdomea',
        message: ABGABE_ELEMENT,
        processId: message.processId,
        documents: message.documents.length,
        sha256: sha256Hex(exported.zip),
      },
    });
    return exported;
  };
}

/** Sends the ZIP as a download; the file name is xdomea's "<ProzessID>_Abgabe.Abgabe.0401.zip". */
export const sendXdomeaPackage = (reply: FastifyReply, exported: XdomeaPackage) =>
  reply
    .header('content-disposition', `attachment; filename="${exported.fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .type('application/zip')
    .send(Buffer.from(exported.zip));
