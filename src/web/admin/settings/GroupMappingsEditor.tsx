import { useTranslation } from 'react-i18next';
import { Role } from '../../../shared/admin';
import type { GroupMapping } from '../../../shared/identity-provider';
import { Button } from '../../components/Button';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { FieldErrors } from '../../lib/validation';

interface GroupMappingsEditorProps {
  mappings: GroupMapping[];
  onChange(mappings: GroupMapping[]): void;
  unitOptions: SelectOption[];
  officeOptions: { value: string; label: string }[];
  errors: FieldErrors;
}

export const emptyMapping = (): GroupMapping => ({ group: '', role: 'agent', unitId: null, officeIds: [] });

/** One fieldset per group of the directory: what its members get in Amtsraum. */
export function GroupMappingsEditor({
  mappings,
  onChange,
  unitOptions,
  officeOptions,
  errors,
}: GroupMappingsEditorProps) {
  const { t } = useTranslation();
  const change = (index: number, patch: Partial<GroupMapping>) =>
    onChange(mappings.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  return (
    <div className="stack stack--small">
      {mappings.map((mapping, index) => {
        const id = `sso-mapping-${index}`;
        const error = (field: string) => errors[`groupMappings.${index}.${field}`];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place while edited
          <fieldset key={index} className="kern-fieldset">
            <legend className="kern-label">{t('settings.sso.mappingLegend', { number: index + 1 })}</legend>
            <div className="kern-fieldset__body stack stack--small">
              <div className="form-grid">
                <TextField
                  id={`${id}-group`}
                  label={t('settings.sso.group')}
                  hint={t('settings.sso.groupHint')}
                  value={mapping.group}
                  onChange={(group) => change(index, { group })}
                  error={error('group')}
                />
                <SelectField
                  id={`${id}-role`}
                  label={t('staff.role')}
                  value={mapping.role}
                  onChange={(role) => change(index, { role: role as Role })}
                  options={Role.options.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  error={error('role')}
                />
                <SelectField
                  id={`${id}-unit`}
                  label={t('common.unit')}
                  value={mapping.unitId ?? ''}
                  onChange={(unitId) => change(index, { unitId: unitId || null })}
                  options={[{ value: '', label: t('staff.noUnit') }, ...unitOptions]}
                  error={error('unitId')}
                />
              </div>
              {officeOptions.length > 0 ? (
                <CheckboxGroup
                  id={`${id}-offices`}
                  legend={t('staff.offices')}
                  options={officeOptions}
                  selected={mapping.officeIds}
                  onChange={(officeIds) => change(index, { officeIds })}
                  error={error('officeIds')}
                />
              ) : null}
              {mappings.length === 1 ? null : (
                <div>
                  <Button
                    variant="secondary"
                    small
                    onClick={() => onChange(mappings.filter((_, i) => i !== index))}
                  >
                    {t('settings.sso.removeMapping', { number: index + 1 })}
                  </Button>
                </div>
              )}
            </div>
          </fieldset>
        );
      })}
      <div>
        <Button variant="secondary" onClick={() => onChange([...mappings, emptyMapping()])}>
          {t('settings.sso.addMapping')}
        </Button>
      </div>
    </div>
  );
}
