import type { Unit } from '../../shared/admin';

export interface UnitNode {
  unit: Unit;
  children: UnitNode[];
}

/** The units as a forest, children sorted by name; orphans become roots. */
export function buildTree(units: Unit[]): UnitNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.name.localeCompare(b.unit.name));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** Depth-first list with depth, for indented select options. */
export function flattenTree(roots: UnitNode[], depth = 0): { unit: Unit; depth: number }[] {
  return roots.flatMap((node) => [{ unit: node.unit, depth }, ...flattenTree(node.children, depth + 1)]);
}

/** Ids of the unit and everything below it. */
export function subtreeIds(units: Unit[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId && ids.has(unit.parentId) && !ids.has(unit.id)) {
        ids.add(unit.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** Select options showing the tree by indentation; only the allowed ids when given. */
export function unitOptions(units: Unit[], allowed?: Set<string>) {
  return flattenTree(buildTree(units))
    .filter(({ unit }) => !allowed || allowed.has(unit.id))
    .map(({ unit, depth }) => ({ value: unit.id, label: `${'— '.repeat(depth)}${unit.name}` }));
}
