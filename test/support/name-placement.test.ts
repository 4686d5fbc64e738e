import { describe, expect, it } from 'vitest';
import { bentNames } from './name-placement';

const NAME = 'Virtuelles Bürgeramt';

describe('bentNames', () => {
  it.each([
    'Gespräch mit Virtuelles Bürgeramt',
    'Sie werden an Virtuelles Bürgeramt weitergeleitet.',
    'Sie kommen von Virtuelles Bürgeramt. Ihre Wartezeit zählt weiter.',
    'Ihr Termin beim Virtuelles Bürgeramt ist gebucht.',
    'Zurück zu Virtuelles Bürgeramt',
    'Virtuelles Bürgeramt hat Ihren Termin abgesagt.',
    'Büro: Bauamt. Danach im Virtuelles Bürgeramt.',
  ])('reports the name inside a sentence: %s', (text) => {
    expect(bentNames(text, NAME)).toHaveLength(1);
  });

  it.each([
    'Virtuelles Bürgeramt',
    '  Virtuelles Bürgeramt\n',
    'Weitergeleitet an: Virtuelles Bürgeramt',
    'Videogespräch – Virtuelles Bürgeramt',
    'Videogespräch — Virtuelles Bürgeramt',
    'Sie warten im Büro „Virtuelles Bürgeramt“.',
    'Sie wurden aufgerufen (Virtuelles Bürgeramt).',
    'Anliegen: Ausweis\nVirtuelles Bürgeramt\nDatum: heute',
    'Virtuelles Bürgeramt: geöffnet bis 18 Uhr',
    'Ein Text ohne den Namen.',
  ])('accepts the name standing on its own: %s', (text) => {
    expect(bentNames(text, NAME)).toEqual([]);
  });

  it('reports each place, with the words before it', () => {
    const text =
      'Gespräch mit Virtuelles Bürgeramt. Büro: Virtuelles Bürgeramt. Weiter zu Virtuelles Bürgeramt.';
    expect(bentNames(text, NAME).map((bent) => bent.before)).toEqual([
      'Gespräch mit',
      'Bürgeramt. Weiter zu',
    ]);
  });

  it('takes the name literally, not as a pattern', () => {
    expect(bentNames('Termin bei Amt (Mitte)', 'Amt (Mitte)')).toHaveLength(1);
    expect(bentNames('Termin bei Amt X', 'Amt (Mitte)')).toEqual([]);
    expect(bentNames('Termin bei Amt', '  ')).toEqual([]);
  });
});
