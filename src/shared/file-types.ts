/**
 * The file types a consultation accepts, by the MIME type detected from the content (magic bytes), each
 * with the extensions its name may end in. The server decides by content; the web app shows the list and
 * gives the extensions to the file picker as a hint.
 */
export const SHAREABLE_FILE_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
};

/** Every accepted extension, e.g. for `<input type="file" accept>`. */
export const SHAREABLE_EXTENSIONS = Object.values(SHAREABLE_FILE_TYPES).flat();

/** "PDF, PNG, JPEG, DOCX, XLSX, ODT and ODS"-style list of the accepted types (first extension of each). */
export const shareableTypeNames = () =>
  Object.values(SHAREABLE_FILE_TYPES).map((extensions) => extensions[0]!.toUpperCase());
