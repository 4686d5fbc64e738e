import { type RefObject, useEffect } from 'react';

/** Moves keyboard focus to the element once, e.g. to an edit form's heading after "Edit". */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>, enabled: boolean) {
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, [ref, enabled]);
}
