// The toolkit's page frame: the same stylesheet, skip link, language switch and header shape as the other
// UIs (lib/ui/static/app.css), its own navigation.
import type { ComponentChildren } from 'preact';
import { LANGS, type Lang } from '../../lib/ui/i18n.ts';
import { messages } from './messages.ts';
import type { ToolkitSession } from './session.ts';

const LANG_LABEL: Record<Lang, string> = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };

export interface LayoutProps {
  lang: Lang;
  title: string;
  currentUrl: string;
  user?: ToolkitSession;
  csrfToken?: string;
  nav?: Array<{ href: string; label: string }>;
  children: ComponentChildren;
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function Layout({ lang, title, currentUrl, user, csrfToken, nav = [], children }: LayoutProps) {
  const t = messages(lang);
  const path = currentUrl.split('?')[0]!;
  const current = nav
    .filter((n) => path === n.href || path.startsWith(`${n.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowScriptTags":false,"allowEval":false,"attributesToSettle":["class","width","height"],"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"4..","swap":true,"error":true},{"code":"...","swap":false,"error":true}]}'
        />
        <title>{`${title} – ${t('appName')}`}</title>
        <link rel="icon" href="/ui/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/ui/static/app.css" />
        <link rel="stylesheet" href="/toolkit/static/toolkit.css" />
        <script src="/ui/static/htmx.min.js" defer></script>
        <script src="/ui/static/enhance.js" defer></script>
      </head>
      <body hx-headers={csrfToken ? JSON.stringify({ 'X-CSRF-Token': csrfToken }) : undefined}>
        <a class="skip" href="#content">
          {t('skipToContent')}
        </a>
        <header class="top">
          <div class="brand">
            <span class="logo" aria-hidden="true">
              arkki
            </span>
            <span class="app-name">{t('appName')}</span>
          </div>
          <div class="top-tools">
            <nav class="langs" aria-label={t('language')}>
              {LANGS.map((l) => (
                <a
                  href={`/ui/lang/${l}?return=${encodeURIComponent(currentUrl)}`}
                  lang={l}
                  hrefLang={l}
                  aria-current={l === lang ? 'true' : undefined}
                >
                  {l.toUpperCase()}
                  <span class="sr">{` ${LANG_LABEL[l]}`}</span>
                </a>
              ))}
            </nav>
            {user && (
              <div class="who">
                <span class="who-name">{user.name}</span>
                <span class="who-role">{t(user.role === 'archivist' ? 'roleArchivist' : 'roleProjectManager')}</span>
                <form method="post" action="/logout" class="logout">
                  {csrfToken && <CsrfField token={csrfToken} />}
                  <button type="submit">{t('logout')}</button>
                </form>
              </div>
            )}
          </div>
        </header>
        {nav.length > 0 && (
          <nav class="main-nav" aria-label={t('mainNav')}>
            <ul>
              {nav.map((n) => (
                <li>
                  <a href={n.href} aria-current={n.href === current ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="content">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}
