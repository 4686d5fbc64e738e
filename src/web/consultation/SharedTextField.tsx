import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { type FieldBaseProps, FieldFrame, fieldControlProps } from '../components/FieldFrame';
import { applyInputValue, type DeltaStep, transformIndex } from './ytext-binding';

interface SharedTextFieldProps extends FieldBaseProps {
  text: Y.Text;
  multiline?: boolean;
  maxLength?: number;
}

/**
 * A labelled text input bound to a Y.Text. The element is uncontrolled: React never rewrites its value,
 * so the caret stays where the person is typing; changes of the others are written in place and move
 * the caret (and selection) with the text around it.
 */
export function SharedTextField({ text, multiline, maxLength = 2000, ...field }: SharedTextFieldProps) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.value = text.toString();
    const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === element) return;
      const { selectionStart, selectionEnd } = element;
      const delta = event.delta as DeltaStep[];
      element.value = text.toString();
      if (document.activeElement === element && selectionStart !== null && selectionEnd !== null) {
        element.setSelectionRange(transformIndex(selectionStart, delta), transformIndex(selectionEnd, delta));
      }
    };
    text.observe(observer);
    return () => text.unobserve(observer);
  }, [text]);

  const control = {
    ...fieldControlProps(field.id, 'input', field),
    ref,
    maxLength,
    onInput: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
      const element = event.currentTarget;
      applyInputValue(text, element.value, element.selectionEnd ?? undefined, element);
    },
  };
  return (
    <FieldFrame {...field}>
      {multiline ? <textarea {...control} rows={3} /> : <input {...control} type="text" />}
    </FieldFrame>
  );
}
