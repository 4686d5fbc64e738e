import type { Unit } from '../../../shared/admin';
import type { UnitNode } from '../../lib/unitTree';
import { RowActions } from '../RowActions';

interface UnitTreeProps {
  nodes: UnitNode[];
  canWrite: boolean;
  onEdit(unit: Unit): void;
  onDelete(unit: Unit): void;
}

/** Nested lists mirror the hierarchy, so screen readers announce the level too. */
export function UnitTree({ nodes, canWrite, onEdit, onDelete }: UnitTreeProps) {
  return (
    <ul className="unit-tree">
      {nodes.map(({ unit, children }) => (
        <li key={unit.id}>
          <div className="unit-tree__node">
            <span className="kern-body kern-body--bold">{unit.name}</span>
            {canWrite ? (
              <RowActions name={unit.name} onEdit={() => onEdit(unit)} onDelete={() => onDelete(unit)} />
            ) : null}
          </div>
          {children.length > 0 ? (
            <UnitTree nodes={children} canWrite={canWrite} onEdit={onEdit} onDelete={onDelete} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
