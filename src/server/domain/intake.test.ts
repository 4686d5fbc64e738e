import { describe, expect, it } from 'vitest';
import type { IntakeField } from '../../shared/admin';
import { checkIntake } from './intake';

const fields: IntakeField[] = [
  { key: 'aktenzeichen', label: 'Aktenzeichen', type: 'text', required: true },
  { key: 'sprache', label: 'Sprache', type: 'select', required: false, options: ['Deutsch', 'Türkisch'] },
  { key: 'dolmetscher', label: 'Dolmetscher nötig', type: 'checkbox', required: false },
  { key: 'geburtsdatum', label: 'Geburtsdatum', type: 'date', required: false },
];

describe('intake answers', () => {
  it('accepts complete, well-typed answers', () => {
    expect(
      checkIntake(fields, {
        aktenzeichen: 'AZ-1',
        sprache: 'Türkisch',
        dolmetscher: true,
        geburtsdatum: '1990-01-31',
      }),
    ).toEqual([]);
  });

  it('names each problem by its question key', () => {
    expect(
      checkIntake(fields, {
        sprache: 'Klingonisch',
        dolmetscher: 'ja',
        geburtsdatum: '31.01.1990',
        extra: 'x',
      }),
    ).toEqual([
      { key: 'extra', message: 'unknown question' },
      { key: 'aktenzeichen', message: 'required' },
      { key: 'sprache', message: 'not one of the choices' },
      { key: 'dolmetscher', message: 'expected true or false' },
      { key: 'geburtsdatum', message: 'expected a date YYYY-MM-DD' },
    ]);
  });
});
