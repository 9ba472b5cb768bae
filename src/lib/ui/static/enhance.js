// Small enhancements of the server-rendered pages, loaded from 'self' (the CSP allows no inline script); the
// pages work without them.

// Type to filter a long <select>: an <input data-filter-for="select-id"> hides the options (and emptied groups)
// whose text does not contain what was typed.
document.addEventListener('input', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.filterFor) return;
  const select = document.getElementById(input.dataset.filterFor);
  if (!(select instanceof HTMLSelectElement)) return;
  const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  for (const group of select.querySelectorAll('optgroup')) {
    let shown = 0;
    for (const option of group.querySelectorAll('option')) {
      const text = `${option.textContent} ${group.label}`.toLocaleLowerCase();
      option.hidden = !words.every((w) => text.includes(w));
      if (!option.hidden) shown++;
    }
    group.hidden = shown === 0;
  }
});

// On a phone a wide table scrolls inside itself (app.css); such a table gets into the tab order so that
// keyboard users can scroll it too.
function focusableScrollers() {
  for (const table of document.querySelectorAll('table')) {
    if (table.scrollWidth > table.clientWidth + 1) table.setAttribute('tabindex', '0');
    else if (table.getAttribute('tabindex') === '0') table.removeAttribute('tabindex');
  }
}
document.addEventListener('DOMContentLoaded', focusableScrollers);
window.addEventListener('resize', focusableScrollers);
document.addEventListener('htmx:afterSettle', focusableScrollers);
