import { describe, expect, it } from 'vitest';
import { controlNameProblems } from './control-names';

describe('controlNameProblems', () => {
  it('accepts distinct, clean names', () => {
    expect(
      controlNameProblems([
        { role: 'link', name: 'Betreten: Bürgerbüro' },
        { role: 'link', name: 'Betreten: Bauamt' },
        { role: 'button', name: 'Donnerstag, 3. Dezember, 55 freie Zeiten' },
      ]),
    ).toEqual([]);
  });

  it('reports a name shared by links or buttons, whatever the case and spacing', () => {
    expect(
      controlNameProblems([
        { role: 'link', name: 'Betreten' },
        { role: 'link', name: 'betreten ' },
        { role: 'button', name: 'Betreten' },
        { role: 'button', name: 'Weiter' },
      ]),
    ).toEqual(['"betreten" names 3 links or buttons']);
  });

  it('reports a space before punctuation and a control without a name', () => {
    expect(
      controlNameProblems([
        { role: 'button', name: 'Donnerstag, 3. Dezember , 55 freie Zeiten' },
        { role: 'button', name: '  ' },
      ]),
    ).toEqual([
      'button "Donnerstag, 3. Dezember , 55 freie Zeiten": space before punctuation',
      'button without a name',
    ]);
  });
});
