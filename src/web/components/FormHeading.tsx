import { useRef } from 'react';
import { useFocusOnMount } from '../hooks/useFocusOnMount';

/** The h2 of an editor form; takes focus when the form opens for editing. */
export function FormHeading({ id, text, focus }: { id: string; text: string; focus: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(ref, focus);
  return (
    <h2 id={id} ref={ref} tabIndex={-1} className="kern-heading-medium">
      {text}
    </h2>
  );
}
