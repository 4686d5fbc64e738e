import { describe, expect, it } from 'vitest';
import { findBadText } from './text-guard';

describe('findBadText', () => {
  it('names the field holding NUL, another control character or a lone surrogate', () => {
    expect(findBadText({ name: 'Eri\u0000ka' }, 'body')?.field).toBe('body.name');
    expect(findBadText({ a: [{ b: 'x\u001by' }] }, 'body')?.field).toBe('body.a.0.b');
    expect(findBadText({ name: 'Eri\ud800ka' }, 'body')?.message).toMatch(/surrogate/);
    expect(findBadText({ name: '\udfffEri' }, 'body')?.message).toMatch(/surrogate/);
  });

  it('keeps tab, line breaks, emoji, right-to-left text and marks', () => {
    expect(findBadText({ notes: 'Zeile 1\r\nZeile\t2', name: 'Zoë 😀 \u200fשלום\u202e' }, 'body')).toBeNull();
  });

  it('names the object whose field name is unfit, and refuses nesting deeper than any request', () => {
    expect(findBadText({ intake: { 'a\u0000': 'x' } }, 'body')?.field).toBe('body.intake');
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(findBadText(deep, 'body')?.message).toBe('is nested too deeply');
  });

  it('leaves raw bytes alone (an upload is no text and is not walked byte by byte)', () => {
    expect(findBadText(Buffer.alloc(1024 * 1024, 0), 'body')).toBeNull();
  });
});
