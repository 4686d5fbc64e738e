import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/admin';
import { Button } from '../../components/Button';
import type { UnitNode } from '../../lib/unitTree';

interface UnitTreeProps {
  nodes: UnitNode[];
  canWrite: boolean;
  onEdit(unit: Unit): void;
  onDelete(unit: Unit): void;
}

/** Nested lists mirror the hierarchy, so screen readers announce the level too. */
export function UnitTree({ nodes, canWrite, onEdit, onDelete }: UnitTreeProps) {
  const { t } = useTranslation();
  return (
    <ul className="unit-tree">
      {nodes.map(({ unit, children }) => (
        <li key={unit.id}>
          <div className="unit-tree__node">
            <span className="kern-body kern-body--bold">{unit.name}</span>
            {canWrite ? (
              <span className="button-row">
                <Button
                  variant="secondary"
                  small
                  onClick={() => onEdit(unit)}
                  aria-label={t('common.editNamed', { name: unit.name })}
                >
                  {t('common.edit')}
                </Button>
                <Button
                  variant="tertiary"
                  small
                  onClick={() => onDelete(unit)}
                  aria-label={t('common.deleteNamed', { name: unit.name })}
                >
                  {t('common.delete')}
                </Button>
              </span>
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
