import type { Channel, IntakeField, Service } from '../../../shared/admin';

export type IntakeType = IntakeField['type'];
export const INTAKE_TYPES: IntakeType[] = ['text', 'textarea', 'date', 'select', 'checkbox'];
export const CHANNELS: Channel[] = ['video', 'on_site', 'both'];

/** An intake field as typed into the form; options one per line. */
export interface IntakeDraft {
  key: string;
  label: string;
  type: IntakeType;
  required: boolean;
  options: string;
}

/** A service as typed into the form: numbers stay text until submitted. */
export interface ServiceDraft {
  unitId: string;
  name: string;
  description: string;
  durationMinutes: string;
  bufferBeforeMinutes: string;
  bufferAfterMinutes: string;
  channel: Channel;
  requiredDocuments: string[];
  intakeFields: IntakeDraft[];
  requiresActivation: boolean;
}

export const emptyIntakeField = (): IntakeDraft => ({
  key: '',
  label: '',
  type: 'text',
  required: false,
  options: '',
});

export function toDraft(service: Service | null, defaultUnitId: string): ServiceDraft {
  if (!service) {
    return {
      unitId: defaultUnitId,
      name: '',
      description: '',
      durationMinutes: '30',
      bufferBeforeMinutes: '0',
      bufferAfterMinutes: '0',
      channel: 'video',
      requiredDocuments: [],
      intakeFields: [],
      requiresActivation: true,
    };
  }
  return {
    unitId: service.unitId,
    name: service.name,
    description: service.description,
    durationMinutes: String(service.durationMinutes),
    bufferBeforeMinutes: String(service.bufferBeforeMinutes),
    bufferAfterMinutes: String(service.bufferAfterMinutes),
    channel: service.channel,
    requiredDocuments: service.requiredDocuments,
    intakeFields: service.intakeFields.map((f) => ({ ...f, options: (f.options ?? []).join('\n') })),
    requiresActivation: service.requiresActivation,
  };
}

/** Empty text becomes NaN so the schema reports "enter a number". */
export const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The body for the API, still to be checked by ServiceInput. */
export function fromDraft(draft: ServiceDraft) {
  return {
    ...draft,
    durationMinutes: toNumber(draft.durationMinutes),
    bufferBeforeMinutes: toNumber(draft.bufferBeforeMinutes),
    bufferAfterMinutes: toNumber(draft.bufferAfterMinutes),
    intakeFields: draft.intakeFields.map(({ options, ...field }) => {
      if (field.type !== 'select') return field;
      const choices = options
        .split('\n')
        .map((o) => o.trim())
        .filter(Boolean);
      return { ...field, options: choices };
    }),
  };
}
