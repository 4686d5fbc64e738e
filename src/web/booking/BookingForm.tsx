import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { AppointmentKind, IntakeField } from '../../shared/admin';
import type { BookableService } from '../../shared/booking';
import { MobileNumber } from '../../shared/phone';
import { Button } from '../components/Button';
import { CheckboxField } from '../components/CheckboxField';
import { FormAlert } from '../components/FormAlert';
import { SelectField } from '../components/SelectField';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { fieldId } from '../lib/validation';
import { KindChoice } from './KindChoice';

export interface BookingDetails {
  name: string;
  email: string;
  phone?: string | undefined;
  intake: Record<string, string | boolean>;
  /** Chosen where the service is offered both ways; otherwise the service's only way. */
  kind: AppointmentKind;
}

const CONSENT_MESSAGE = 'please accept the privacy notice';
const TICK_MESSAGE = 'please tick this box';
const CHOOSE_MESSAGE = 'please choose one';

/** The rules the server checks for the intake answers, so mistakes show before anything is sent. */
function intakeSchema(fields: IntakeField[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    if (field.type === 'checkbox') {
      shape[field.key] = field.required ? z.literal(true, { error: TICK_MESSAGE }) : z.boolean();
    } else {
      let text: z.ZodType = z.string().trim().max(2000);
      if (field.required) {
        text = z
          .string()
          .trim()
          .min(1, field.type === 'select' ? { error: CHOOSE_MESSAGE } : undefined)
          .max(2000);
      }
      if (field.type === 'date') text = text.and(z.union([z.literal(''), z.iso.date()]));
      shape[field.key] = text;
    }
  }
  return z.object(shape);
}

function detailsSchema(fields: IntakeField[], withConsent: boolean) {
  return z.object({
    kind: z.enum(['video', 'on_site'], { error: CHOOSE_MESSAGE }),
    name: z.string().trim().min(1).max(120),
    email: z.email().max(254),
    phone: z
      .string()
      .trim()
      .pipe(z.union([z.literal(''), MobileNumber])),
    intake: intakeSchema(fields),
    consent: withConsent ? z.literal(true, { error: CONSENT_MESSAGE }) : z.boolean(),
  });
}

export interface BookingFormProps {
  /** Prefix of the field ids. */
  id: string;
  service: BookableService;
  /** Citizens consent to the privacy notice; staff booking on someone's behalf does not ask. */
  askConsent: boolean;
  submitLabel: string;
  /** Extra fields between the intake questions and the consent, e.g. the staff's language choice. */
  children?: ReactNode;
  /** Sends; a thrown error is shown (explained by explain when it can). */
  onSubmit(details: BookingDetails): Promise<void>;
  explain?(error: unknown): string | undefined;
  secondary?: ReactNode;
}

/** Name, e-mail, optional mobile number, the service's own questions and (for citizens) the privacy consent. */
export function BookingForm(props: BookingFormProps) {
  const { id, service, askConsent, submitLabel, children, onSubmit, explain, secondary } = props;
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  // A service offered one way fixes the kind; offered both ways, the person chooses.
  const [kind, setKind] = useState<AppointmentKind | ''>(service.channel === 'both' ? '' : service.channel);
  const [intake, setIntake] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(service.intakeFields.map((f) => [f.key, f.type === 'checkbox' ? false : ''])),
  );
  const e = form.errors;
  const answer = (key: string) => (value: string | boolean) => setIntake((old) => ({ ...old, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = await form.submit(
      detailsSchema(service.intakeFields, askConsent),
      { name, email, phone, intake, consent, kind },
      async (input) => {
        await onSubmit({
          kind: input.kind,
          name: input.name,
          email: input.email,
          ...(input.phone ? { phone: input.phone } : {}),
          intake: input.intake as Record<string, string | boolean>,
        });
      },
      explain,
    );
    // The summary above the form names how many fields need work; focus goes to the first of them.
    if (!ok) {
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`#${id}-form [aria-invalid="true"]`)?.focus(),
      );
    }
  }

  return (
    <form id={`${id}-form`} className="stack booking-form" noValidate onSubmit={submit}>
      <FormAlert message={form.problem} />
      <p className="kern-body">{t('booking.form.requiredNote')}</p>
      {service.channel === 'both' ? (
        <KindChoice id={fieldId(id, 'kind')} value={kind} onChange={setKind} error={e.kind} />
      ) : null}
      <TextField
        id={fieldId(id, 'name')}
        label={t('booking.form.name')}
        autoComplete="name"
        maxLength={120}
        value={name}
        onChange={setName}
        error={e.name}
      />
      <TextField
        id={fieldId(id, 'email')}
        label={t('booking.form.email')}
        hint={t('booking.form.emailHint')}
        type="email"
        autoComplete="email"
        maxLength={254}
        value={email}
        onChange={setEmail}
        error={e.email}
      />
      <TextField
        id={fieldId(id, 'phone')}
        label={t('booking.form.phone')}
        hint={t('booking.form.phoneHint')}
        optional
        type="tel"
        autoComplete="tel"
        maxLength={30}
        value={phone}
        onChange={setPhone}
        error={e.phone}
      />
      {service.intakeFields.length > 0 ? (
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('booking.form.intakeLegend')}</legend>
          <div className="kern-fieldset__body stack">
            {service.intakeFields.map((field) => (
              <IntakeInput
                key={field.key}
                id={fieldId(id, `intake.${field.key}`)}
                field={field}
                value={intake[field.key] ?? ''}
                onChange={answer(field.key)}
                error={e[`intake.${field.key}`]}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      {children}
      {askConsent ? (
        <div className="stack stack--small">
          <div className="kern-alert kern-alert--info">
            <div className="kern-alert__header">
              <span className="kern-icon kern-icon--info" aria-hidden="true" />
              <span className="kern-title">{t('booking.form.privacyTitle')}</span>
            </div>
            <div className="kern-alert__body">
              <p className="kern-body" id={`${id}-privacy`}>
                {t('booking.form.privacy')}
              </p>
            </div>
          </div>
          <CheckboxField
            id={fieldId(id, 'consent')}
            label={t('booking.form.consent')}
            required
            checked={consent}
            onChange={setConsent}
            error={e.consent}
          />
        </div>
      ) : null}
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {submitLabel}
        </Button>
        {secondary}
      </div>
    </form>
  );
}

function IntakeInput({
  id,
  field,
  value,
  onChange,
  error,
}: {
  id: string;
  field: IntakeField;
  value: string | boolean;
  onChange(value: string | boolean): void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const optional = !field.required;
  switch (field.type) {
    case 'checkbox':
      return (
        <CheckboxField
          id={id}
          label={optional ? `${field.label} – ${t('form.optional')}` : field.label}
          required={field.required}
          checked={value === true}
          onChange={onChange}
          error={error}
        />
      );
    case 'select':
      return (
        <SelectField
          id={id}
          label={optional ? `${field.label} – ${t('form.optional')}` : field.label}
          value={String(value)}
          options={[
            { value: '', label: t('booking.form.choose') },
            ...(field.options ?? []).map((option) => ({ value: option, label: option })),
          ]}
          onChange={onChange}
          error={error}
        />
      );
    case 'textarea':
      return (
        <TextAreaField
          id={id}
          label={field.label}
          optional={optional}
          rows={3}
          value={String(value)}
          onChange={onChange}
          error={error}
        />
      );
    default:
      return (
        <TextField
          id={id}
          label={field.label}
          optional={optional}
          type={field.type === 'date' ? 'date' : 'text'}
          maxLength={2000}
          value={String(value)}
          onChange={onChange}
          error={error}
        />
      );
  }
}
