import * as Y from 'yjs';
import type { ProtocolForm } from '../../../shared/consultations';
import { FREE_TEXT_KEY, formAnswer, formText } from '../../../shared/form-doc';
import type { FormChecklist, FormDefinition } from '../../../shared/shared-form';

/** The shared form as the protocol states it, read from its merged Yjs state. */
export function formRecordOf(
  definition: FormDefinition,
  checklist: FormChecklist,
  state: Uint8Array,
): ProtocolForm {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const record: ProtocolForm = {
    fields: definition.fields.map((field) => ({
      key: field.key,
      label: field.label,
      type: field.type,
      value: formAnswer(doc, field),
    })),
    freeText: formText(doc, FREE_TEXT_KEY).toString(),
    documents: definition.documents.map((name, index) => ({ name, ticked: checklist[index] === true })),
  };
  doc.destroy();
  return record;
}
