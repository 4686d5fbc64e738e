import { describe, expect, it } from 'vitest';
import { loadOrder, selfReferencing } from './load-order';

describe('load order of a restore', () => {
  it('puts every parent before its children, ties by name, and leaves self-references to the loader', () => {
    const references = [
      { child: 'units', parent: 'tenants' },
      { child: 'units', parent: 'units' },
      { child: 'visits', parent: 'offices' },
      { child: 'offices', parent: 'units' },
      { child: 'appointments', parent: 'visits' },
      { child: 'appointments', parent: 'offices' },
      // A table outside the backup (not dumped) does not hold anything up.
      { child: 'jobs', parent: 'schema_migrations' },
    ];
    const tables = ['appointments', 'jobs', 'offices', 'tenants', 'units', 'visits'];
    expect(loadOrder(tables, references)).toEqual([
      'jobs',
      'tenants',
      'units',
      'offices',
      'visits',
      'appointments',
    ]);
    expect([...selfReferencing(references)]).toEqual(['units']);
  });

  it('names the tables of a cycle, which no order can load', () => {
    const cycle = [
      { child: 'a', parent: 'b' },
      { child: 'b', parent: 'a' },
    ];
    expect(() => loadOrder(['a', 'b', 'c'], cycle)).toThrow('the foreign keys between a, b form a cycle');
  });
});
