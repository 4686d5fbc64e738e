-- The widget an authority shows on its own website (/{tenant}/einbetten/buero): its theme, and the
-- origins of the authority's sites that may frame it (the page's CSP frame-ancestors; empty: none).
ALTER TABLE tenants
  ADD COLUMN embed_accent_color text CHECK (embed_accent_color ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN embed_font text NOT NULL DEFAULT 'fira-sans'
    CHECK (embed_font IN ('fira-sans', 'system')),
  ADD COLUMN embed_allowed_origins text[] NOT NULL DEFAULT '{}'
    CHECK (cardinality(embed_allowed_origins) <= 20);
