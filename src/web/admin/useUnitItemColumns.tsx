import { useTranslation } from 'react-i18next';
import type { Column } from '../components/DataTable';
import { RowActions } from './RowActions';

/** Something a unit owns, such as a service or an office. */
export interface UnitItem {
  id: string;
  name: string;
  unitId: string;
}

/** What a table of unit-owned items needs besides the items themselves. */
export interface UnitItemActions<T extends UnitItem> {
  unitName(id: string): string;
  /** Leads manage only the items of their own units. */
  canManage(unitId: string): boolean;
  onEdit(item: T): void;
  onDelete(item: T): void;
}

/** The columns every table of unit-owned items has: the owning unit, and what the user may do. */
export function useUnitItemColumns<T extends UnitItem>({
  unitName,
  canManage,
  onEdit,
  onDelete,
}: UnitItemActions<T>) {
  const { t } = useTranslation();
  const unit: Column<T> = { header: t('common.unit'), cell: (item) => unitName(item.unitId) };
  const actions: Column<T> = {
    header: t('common.actions'),
    cell: (item) =>
      canManage(item.unitId) ? (
        <RowActions name={item.name} onEdit={() => onEdit(item)} onDelete={() => onDelete(item)} />
      ) : (
        t('common.noActions')
      ),
  };
  return { unit, actions };
}
