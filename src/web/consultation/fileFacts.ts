import type { TFunction } from 'i18next';
import { SHAREABLE_EXTENSIONS, SHAREABLE_FILE_TYPES, shareableTypeNames } from '../../shared/file-types';
import { ApiProblem } from '../api/client';
import { problemMessage } from '../lib/problemMessage';

/** "12 KB", "3,4 MB" (binary units, as the server counts FILE_MAX_BYTES), in the UI language. */
export function formatSize(bytes: number, language: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / 1024 / 1024, 'megabyte']
      : bytes >= 1024
        ? [bytes / 1024, 'kilobyte']
        : [bytes, 'byte'];
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit,
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}

/** The short name of a detected type, e.g. "PDF" for application/pdf. */
export const typeLabel = (mime: string) => SHAREABLE_FILE_TYPES[mime]?.[0]?.toUpperCase() ?? mime;

/** "PDF, PNG, … oder ODS" in the UI language. */
export const allowedTypes = (language: string) =>
  new Intl.ListFormat(language, { type: 'disjunction' }).format(shareableTypeNames());

/** For the file picker: a hint to the browser only; the server judges by content. */
export const ACCEPT = SHAREABLE_EXTENSIONS.map((ext) => `.${ext}`).join(',');

/** Why an upload was refused, in words for the person who tried it. */
export function uploadProblem(error: unknown, t: TFunction, language: string, maxBytes: number | null) {
  if (!(error instanceof ApiProblem)) return problemMessage(error, t);
  switch (error.status) {
    case 413: {
      const limit = Number(error.extensions.maxBytes ?? maxBytes);
      return Number.isFinite(limit) && limit > 0
        ? t('files.error.tooLarge', { size: formatSize(limit, language) })
        : t('files.error.tooLargePlain');
    }
    case 415:
      return t('files.error.type', { types: allowedTypes(language) });
    case 400:
      return error.detail === 'The file is empty' ? t('files.error.empty') : problemMessage(error, t);
    case 409:
      return t('files.error.ended');
    case 422:
      return t('files.error.malware');
    case 503:
      return t('files.error.scanUnavailable');
    default:
      return problemMessage(error, t);
  }
}
