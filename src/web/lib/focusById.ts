/**
 * Moves keyboard focus to an element of the page by id, e.g. back to a list heading after a dialog-like
 * box closed, so focus does not fall back to the top of the document. Headings need tabIndex -1.
 */
export function focusById(id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus();
}
