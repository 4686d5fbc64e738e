/**
 * Collects the keys a caller types into PIN attempts: "#" ends an attempt early, "*" starts it over,
 * and an attempt is complete once it has `digits` digits (callers need not press "#").
 */
export function createPinEntry(digits: number, onAttempt: (pin: string) => void) {
  let typed = '';
  return {
    key(key: string) {
      if (key === '*') {
        typed = '';
        return;
      }
      if (key === '#') {
        if (typed) onAttempt(typed);
        typed = '';
        return;
      }
      if (!/^\d$/.test(key)) return;
      typed += key;
      if (typed.length === digits) {
        onAttempt(typed);
        typed = '';
      }
    },
  };
}
