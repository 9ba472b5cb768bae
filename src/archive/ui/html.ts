/** Escapes text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(title: string, body: string, lang = 'fi'): string {
  return `<!doctype html>
<html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
 body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b2733;background:#f5f7fa}
 header{background:#003580;color:#fff;padding:1rem 2rem} header h1{margin:0;font-size:1.4rem} header p{margin:.2rem 0 0;opacity:.85}
 main{max-width:60rem;margin:1.5rem auto;padding:0 1.5rem}
 section{background:#fff;border:1px solid #d8dee6;border-radius:6px;padding:1rem 1.5rem;margin-bottom:1rem}
 h2{font-size:1.1rem;margin:.2rem 0 .6rem} table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eef1f5;font-size:.92rem}
 code{background:#eef1f5;padding:.1rem .3rem;border-radius:3px;white-space:nowrap} .muted{color:#5b6b7b} a{color:#0b5fb4}
</style></head><body>${body}</body></html>`;
}
