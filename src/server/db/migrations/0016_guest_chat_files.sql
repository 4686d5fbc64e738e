-- Guests (0012) write in the chat and share files: their messages and files carry the role 'guest'.
-- A message's read_at now says when any participant other than its author first read it.
ALTER TABLE consultation_messages DROP CONSTRAINT consultation_messages_author_role_check;
ALTER TABLE consultation_messages
  ADD CONSTRAINT consultation_messages_author_role_check CHECK (author_role IN ('agent', 'citizen', 'guest')),
  -- The role is the author's kind of participant ("guest:<id>" is a guest), never something else.
  ADD CONSTRAINT consultation_messages_author_is_role CHECK (split_part(author, ':', 1) = author_role);

ALTER TABLE consultation_files DROP CONSTRAINT consultation_files_uploader_role_check;
ALTER TABLE consultation_files
  ADD CONSTRAINT consultation_files_uploader_role_check CHECK (uploader_role IN ('agent', 'citizen', 'guest')),
  ADD CONSTRAINT consultation_files_uploader_is_role CHECK (split_part(uploader, ':', 1) = uploader_role);
