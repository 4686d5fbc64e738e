-- The outbox keeps citizens' links masked (src/server/modules/notifications/outbox.ts maskLinks): rows
-- written before are rewritten the same way, so no working manage, join, guest or activation token stays in
-- the table. Every link with a token carries it in the URL fragment ("…/termin#<token>"); query values are
-- masked too. Calendar attachments are unfolded first (RFC 5545 folds lines inside a link).
UPDATE outbox_messages
   SET body = regexp_replace(
         regexp_replace(body, '#[A-Za-z0-9_-]{12,}([A-Za-z0-9_-]{4})', '#…\1', 'g'),
         '([?&][A-Za-z0-9_.~%-]*=)[A-Za-z0-9_-]{12,}([A-Za-z0-9_-]{4})', '\1…\2', 'g')
 WHERE body ~ '[#=][A-Za-z0-9_-]{16}';

UPDATE outbox_messages o
   SET attachments = (
         SELECT coalesce(jsonb_agg(
                  CASE WHEN jsonb_typeof(a -> 'content') = 'string' THEN
                    jsonb_set(a, '{content}', to_jsonb(regexp_replace(
                      regexp_replace(
                        CASE WHEN a ->> 'contentType' ILIKE 'text/calendar%'
                             THEN regexp_replace(a ->> 'content', E'\\r?\\n[ \\t]', '', 'g')
                             ELSE a ->> 'content' END,
                        '#[A-Za-z0-9_-]{12,}([A-Za-z0-9_-]{4})', '#…\1', 'g'),
                      '([?&][A-Za-z0-9_.~%-]*=)[A-Za-z0-9_-]{12,}([A-Za-z0-9_-]{4})', '\1…\2', 'g')))
                  ELSE a END
                  ORDER BY n), '[]'::jsonb)
           FROM jsonb_array_elements(o.attachments) WITH ORDINALITY AS e(a, n))
 WHERE jsonb_array_length(o.attachments) > 0;
