import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../api/admin';
import type { SelectOption } from '../components/SelectField';
import { type EditorHandlers, useCrudPage } from '../hooks/useCrudPage';
import { useLoad } from '../hooks/useLoad';
import { useUnitScope } from '../hooks/useUnitScope';
import { unitOptions } from '../lib/unitTree';
import { AdminListSection } from './AdminListSection';
import { AdminPage } from './AdminPage';
import type { UnitItem, UnitItemActions } from './useUnitItemColumns';

interface UnitItemEditorProps<T> extends EditorHandlers {
  /** The item being edited; null to create one. */
  editing: T | null;
  /** The units the user may put the item in. */
  unitOptions: SelectOption[];
}

interface UnitItemsPageProps<T extends UnitItem> {
  section: 'services' | 'offices';
  resource: { list(): Promise<T[]>; remove(id: string): Promise<void> };
  list(items: T[], actions: UnitItemActions<T>): ReactNode;
  editor(props: UnitItemEditorProps<T>): ReactNode;
  /** More sections for those who may write, below the editor (the offices' special dates). */
  more?(items: T[]): ReactNode;
}

/**
 * An admin page of things units own (services, offices): leads see everything but manage, and
 * assign to, only their own units.
 */
export function UnitItemsPage<T extends UnitItem>({
  section,
  resource,
  list,
  editor,
  more,
}: UnitItemsPageProps<T>) {
  const { t } = useTranslation();
  const page = useCrudPage(resource.list);
  const units = useLoad(adminApi.units.list).data;
  const scope = useUnitScope(section, units);
  const options = units ? unitOptions(units, scope.allowed) : [];
  const actions: UnitItemActions<T> = {
    unitName: (id) => units?.find((u) => u.id === id)?.name ?? '–',
    canManage: scope.canManage,
    onEdit: page.edit,
    onDelete: (item) => void page.remove(item, item.name, resource.remove),
  };

  return (
    <AdminPage section={section} canWrite={scope.canWrite} status={page.status} problem={page.problem}>
      <AdminListSection section={section} items={page.items} emptyText={t(`${section}.empty`)}>
        {(items) => list(items, actions)}
      </AdminListSection>
      {scope.canWrite && units ? (
        options.length === 0 ? (
          <p className="kern-body">{t('common.needUnit')}</p>
        ) : (
          // A fresh form after each save and per edited item.
          <Fragment key={page.formKey}>
            {editor({ editing: page.editing, unitOptions: options, ...page.editor })}
          </Fragment>
        )
      ) : null}
      {scope.canWrite && page.items && more ? more(page.items) : null}
    </AdminPage>
  );
}
