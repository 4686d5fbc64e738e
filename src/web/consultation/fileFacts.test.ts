import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/client';
import { allowedTypes, formatSize, typeLabel, uploadProblem } from './fileFacts';

/** Shows which text and values were chosen, instead of translating. */
const t = ((key: string, values?: object) =>
  values ? `${key} ${JSON.stringify(values)}` : key) as TFunction;

describe('file facts', () => {
  it('sizes in binary units, in the UI language', () => {
    expect(formatSize(512, 'de')).toBe('512 Byte');
    expect(formatSize(12_800, 'de')).toBe('13 kB');
    expect(formatSize(10 * 1024 * 1024, 'de')).toBe('10 MB');
    expect(formatSize(3.44 * 1024 * 1024, 'en')).toBe('3.4 MB');
  });

  it('names types and lists the allowed ones', () => {
    expect(typeLabel('application/pdf')).toBe('PDF');
    expect(typeLabel('image/jpeg')).toBe('JPG');
    expect(allowedTypes('de')).toBe('PDF, PNG, JPG, DOCX, XLSX, ODT oder ODS');
    expect(allowedTypes('en')).toBe('PDF, PNG, JPG, DOCX, XLSX, ODT, or ODS');
  });

  it('turns the server’s refusals into texts of their own', () => {
    const problem = (status: number, detail?: string, extensions: Record<string, unknown> = {}) =>
      uploadProblem(new ApiProblem(status, 'x', detail, [], undefined, extensions), t, 'de', 1024);
    expect(problem(413, 'A file may be at most 2 MiB', { maxBytes: 2 * 1024 * 1024 })).toBe(
      'files.error.tooLarge {"size":"2 MB"}',
    );
    // Without the extension, the limit the list reported.
    expect(problem(413)).toBe('files.error.tooLarge {"size":"1 kB"}');
    expect(problem(415)).toBe('files.error.type {"types":"PDF, PNG, JPG, DOCX, XLSX, ODT oder ODS"}');
    expect(problem(400, 'The file is empty')).toBe('files.error.empty');
    expect(problem(400, 'Invalid headers.x-file-name')).toBe('problem.invalid');
    expect(problem(409)).toBe('files.error.ended');
    expect(problem(422)).toBe('files.error.malware');
    expect(problem(503)).toBe('files.error.scanUnavailable');
    expect(problem(0)).toBe('problem.network');
  });
});
