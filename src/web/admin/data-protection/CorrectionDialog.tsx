import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppointmentContact, VisitName } from '../../../shared/data-protection';
import { dataProtectionApi } from '../../api/data-protection';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import type { Correction } from './SubjectTables';

/** An appointment's contact fields below the name; without a number no SMS reminder goes out. */
const CONTACT_FIELDS = [
  { key: 'email', type: 'email', optional: false },
  { key: 'phone', type: 'tel', optional: true },
] as const;

interface CorrectionDialogProps {
  correction: Correction;
  onDone(): void;
  onClose(): void;
}

/**
 * Corrects a name, address or number (Art. 16): an appointment's contact data or the name a visit is
 * shown under. Mounted per correction, so the fields start from the record.
 */
export function CorrectionDialog({ correction, onDone, onClose }: CorrectionDialogProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const appointment = correction.kind === 'appointment' ? correction.record : null;
  const [name, setName] = useState(correction.record.name);
  const [contact, setContact] = useState({
    email: appointment?.email ?? '',
    phone: appointment?.phone ?? '',
  });
  const save = () =>
    appointment
      ? form.submit(
          AppointmentContact,
          { name, email: contact.email, phone: contact.phone.trim() || null },
          (body) => dataProtectionApi.rectifyAppointment(appointment.id, body),
        )
      : form.submit(VisitName, { name }, (body) =>
          dataProtectionApi.rectifyVisit(correction.record.id, body),
        );
  return (
    <FormDialog
      open
      id="dp-correction"
      title={t(`dataProtection.correction.title.${correction.kind}`)}
      submitLabel={t('dataProtection.correction.submit')}
      busy={form.busy}
      problem={form.problem}
      onSubmit={() => void save().then((saved) => saved && onDone())}
      onClose={onClose}
    >
      <p className="kern-body">{t('dataProtection.correction.hint')}</p>
      <TextField
        id="dp-correction-name"
        label={t('dataProtection.correction.name')}
        value={name}
        onChange={setName}
        error={form.errors.name}
        autoComplete="off"
      />
      {appointment
        ? CONTACT_FIELDS.map(({ key, type, optional }) => (
            <TextField
              key={key}
              id={`dp-correction-${key}`}
              type={type}
              optional={optional}
              label={t(`dataProtection.correction.${key}`)}
              value={contact[key]}
              onChange={(value) => setContact((before) => ({ ...before, [key]: value }))}
              error={form.errors[key]}
              autoComplete="off"
            />
          ))
        : null}
    </FormDialog>
  );
}
