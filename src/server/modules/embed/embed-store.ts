import type { EmbedSettings } from '../../../shared/embed';
import type { Queryable } from '../../db/client';

interface Row {
  accentColor: string | null;
  font: EmbedSettings['embedTheme']['font'];
  origins: string[];
}

const COLUMNS = `embed_accent_color AS "accentColor", embed_font AS font, embed_allowed_origins AS origins`;

const toSettings = (row: Row): EmbedSettings => ({
  embedTheme: { accentColor: row.accentColor, font: row.font },
  embedAllowedOrigins: row.origins,
});

/** An authority's widget settings, by id (admin) or by its public slug (widget page). */
export async function loadEmbedSettings(
  db: Queryable,
  by: { tenantId: string } | { slug: string },
): Promise<EmbedSettings | undefined> {
  const [row] =
    'tenantId' in by
      ? await db.query<Row>(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [by.tenantId])
      : await db.query<Row>(`SELECT ${COLUMNS} FROM tenants WHERE slug = $1`, [by.slug]);
  return row ? toSettings(row) : undefined;
}

export async function saveEmbedSettings(
  db: Queryable,
  tenantId: string,
  settings: EmbedSettings,
): Promise<EmbedSettings> {
  const [row] = await db.query<Row>(
    `UPDATE tenants SET embed_accent_color = $2, embed_font = $3, embed_allowed_origins = $4
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [tenantId, settings.embedTheme.accentColor, settings.embedTheme.font, settings.embedAllowedOrigins],
  );
  return toSettings(row!);
}
