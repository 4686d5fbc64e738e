import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyInputValue, type DeltaStep, diffText, transformIndex } from './ytext-binding';

/** An input field bound to its own replica, the way SharedTextField binds the DOM element. */
class BoundInput {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('field');
  value = '';
  caret = 0;
  readonly sent: Uint8Array[] = [];

  constructor() {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) this.sent.push(update);
    });
    this.text.observe((event, transaction) => {
      if (transaction.origin === this) return;
      this.caret = transformIndex(this.caret, event.delta as DeltaStep[]);
      this.value = this.text.toString();
    });
  }

  /** A key press: the browser changes value and caret, then the input event reaches the binding. */
  type(characters: string) {
    for (const character of characters) {
      this.value = this.value.slice(0, this.caret) + character + this.value.slice(this.caret);
      this.caret += character.length;
      applyInputValue(this.text, this.value, this.caret, this);
    }
  }

  backspace() {
    this.value = this.value.slice(0, this.caret - 1) + this.value.slice(this.caret);
    this.caret -= 1;
    applyInputValue(this.text, this.value, this.caret, this);
  }

  /** Delivers what the other side sent so far. */
  receiveFrom(other: BoundInput) {
    for (const update of other.sent.splice(0)) Y.applyUpdate(this.doc, update, 'remote');
  }
}

describe('diffText', () => {
  it('finds the one change between two values', () => {
    expect(diffText('Hallo', 'Hallo Welt')).toEqual({ index: 5, remove: 0, insert: ' Welt' });
    expect(diffText('Hallo Welt', 'Hallo')).toEqual({ index: 5, remove: 5, insert: '' });
    expect(diffText('Hausnummer 12', 'Hausnummer 14', 13)).toEqual({ index: 12, remove: 1, insert: '4' });
    expect(diffText('alles', 'x', 1)).toEqual({ index: 0, remove: 5, insert: 'x' });
    expect(diffText('gleich', 'gleich')).toEqual({ index: 6, remove: 0, insert: '' });
  });

  it('puts an ambiguous insertion where the caret is', () => {
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(diffText('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
    expect(diffText('aaa', 'aa', 0)).toEqual({ index: 0, remove: 1, insert: '' });
  });

  it('never cuts a two-unit character in half', () => {
    // 😀 and 😃 share their first UTF-16 unit.
    expect(diffText('x😀y', 'x😃y', 3)).toEqual({ index: 1, remove: 2, insert: '😃' });
  });

  it('turns any old value into any new one, wherever the caret is', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), (before, after, at) => {
        const caret = at % (after.length + 1);
        const { index, remove, insert } = diffText(before, after, caret);
        expect(before.slice(0, index) + insert + before.slice(index + remove)).toBe(after);
        const text = new Y.Doc().getText('t');
        text.insert(0, before);
        applyInputValue(text, after, caret);
        expect(text.toString()).toBe(after);
      }),
    );
  });
});

describe('transformIndex', () => {
  it('moves the caret with text inserted or deleted before it, and not with text after it', () => {
    expect(transformIndex(5, [{ insert: 'ab' }])).toBe(7);
    expect(transformIndex(5, [{ retain: 5 }, { insert: 'ab' }])).toBe(5);
    expect(transformIndex(5, [{ retain: 6 }, { insert: 'ab' }])).toBe(5);
    expect(transformIndex(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    // A deletion around the caret leaves it where the deleted text began.
    expect(transformIndex(5, [{ retain: 3 }, { delete: 4 }])).toBe(3);
    expect(transformIndex(0, [{ insert: 'x' }])).toBe(0);
  });
});

describe('two people typing into one bound field', () => {
  it('keeps both words whole, however their key presses interleave', () => {
    const agent = new BoundInput();
    const citizen = new BoundInput();
    const agentWord = 'Meldebescheinigung';
    const citizenWord = 'Personalausweis';
    // Each key press reaches the other side only after the other typed its own next key.
    for (let i = 0; i < Math.max(agentWord.length, citizenWord.length); i++) {
      agent.type(agentWord[i] ?? '');
      citizen.type(citizenWord[i] ?? '');
      agent.receiveFrom(citizen);
      citizen.receiveFrom(agent);
    }
    expect(agent.value).toBe(citizen.value);
    expect(agent.value).toBe(agent.text.toString());
    expect([agentWord + citizenWord, citizenWord + agentWord]).toContain(agent.value);
    // Each caret is still at the end of its own word.
    expect(agent.value.slice(agent.caret - agentWord.length, agent.caret)).toBe(agentWord);
    expect(citizen.value.slice(citizen.caret - citizenWord.length, citizen.caret)).toBe(citizenWord);
  });

  it('merges a correction in the middle with typing at the end', () => {
    const agent = new BoundInput();
    const citizen = new BoundInput();
    agent.type('Hauptstrase 1');
    citizen.receiveFrom(agent);
    citizen.caret = 'Hauptstras'.length;
    citizen.type('s');
    agent.type('2');
    agent.backspace();
    agent.type('5');
    agent.receiveFrom(citizen);
    citizen.receiveFrom(agent);
    expect(agent.value).toBe('Hauptstrasse 15');
    expect(citizen.value).toBe('Hauptstrasse 15');
    expect(agent.caret).toBe(agent.value.length);
    expect(citizen.caret).toBe('Hauptstrass'.length);
  });
});
