import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SubjectRecords, SubjectSearch, type SubjectSearchBy } from '../../../shared/data-protection';
import { dataProtectionApi } from '../../api/data-protection';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';

const KINDS: SubjectSearchBy[] = ['email', 'phone', 'reference'];
const INPUT_TYPE: Record<SubjectSearchBy, 'email' | 'tel' | 'text'> = {
  email: 'email',
  phone: 'tel',
  reference: 'text',
};

/** Finds a citizen's records by what they tell the authority: address, number or a reference. */
export function SearchForm({ onFound }: { onFound(search: SubjectSearch, records: SubjectRecords): void }) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [by, setBy] = useState<SubjectSearchBy>('email');
  const [value, setValue] = useState('');
  return (
    <section className="stack" aria-labelledby="dp-search-heading">
      <h2 id="dp-search-heading" className="kern-heading-medium">
        {t('dataProtection.search.heading')}
      </h2>
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void form.submit(SubjectSearch, { by, value }, async (search) => {
            onFound(search, await dataProtectionApi.search(search));
          });
        }}
      >
        <FormAlert message={form.problem} />
        <SelectField
          id="dp-search-by"
          label={t('dataProtection.search.by')}
          value={by}
          onChange={(next) => setBy(next as SubjectSearchBy)}
          options={KINDS.map((kind) => ({ value: kind, label: t(`dataProtection.search.kinds.${kind}`) }))}
        />
        <TextField
          id="dp-search-value"
          label={t(`dataProtection.search.kinds.${by}`)}
          hint={t(`dataProtection.search.hints.${by}`)}
          type={INPUT_TYPE[by]}
          autoComplete="off"
          value={value}
          onChange={setValue}
          error={form.errors.value}
        />
        <div>
          <Button type="submit" disabled={form.busy}>
            {t('dataProtection.search.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
