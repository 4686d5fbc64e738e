/**
 * The order to load tables in so that every foreign key finds its parent already there: parents
 * before children, ties by name. A table's references to itself (a unit's parent unit) are left to
 * the loader, which inserts such a table in one statement. A cycle between tables cannot be ordered.
 */
export function loadOrder(
  tables: readonly string[],
  references: readonly { child: string; parent: string }[],
) {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references) {
    if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = [...parents.entries()]
      .filter(([table, needs]) => !placed.has(table) && [...needs].every((p) => placed.has(p)))
      .map(([table]) => table)
      .sort();
    if (ready.length === 0) {
      const stuck = tables.filter((t) => !placed.has(t)).sort();
      throw new Error(`the foreign keys between ${stuck.join(', ')} form a cycle: no load order exists`);
    }
    for (const table of ready) {
      order.push(table);
      placed.add(table);
    }
  }
  return order;
}

/** Tables that reference themselves. */
export const selfReferencing = (references: readonly { child: string; parent: string }[]) =>
  new Set(references.filter((r) => r.child === r.parent).map((r) => r.child));
