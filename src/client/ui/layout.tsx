// The workbench's page frame: header (who is signed in, language switch, logout), main nav, content.
// The client system's own (the archive's layout is the archive's); the stylesheet, htmx and the small
// enhancements are lib/ui's. preact-render-to-string escapes every text and attribute.
import type { ComponentChildren } from 'preact';
import { LANGS, type Lang } from '../../lib/ui/i18n.ts';
import type { WorkbenchUser } from '../http/users.ts';
import { workbenchMessages } from './messages.ts';

const LANG_LABEL: Record<Lang, string> = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };

/** Hidden field that every POST form carries (htmx requests send the header instead). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface WorkbenchLayoutProps {
  lang: Lang;
  title: string;
  currentUrl: string;
  user?: WorkbenchUser;
  csrfToken?: string;
  children: ComponentChildren;
}

export function WorkbenchLayout({ lang, title, currentUrl, user, csrfToken, children }: WorkbenchLayoutProps) {
  const t = workbenchMessages(lang);
  const path = currentUrl.split('?')[0]!;
  const nav = user
    ? [
        { href: '/clients', label: t('nav.clients') },
        { href: '/worklists', label: t('nav.worklists') },
      ]
    : [];
  const current = nav.filter((n) => path === n.href || path.startsWith(`${n.href}/`))[0]?.href;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowScriptTags":false,"allowEval":false,"attributesToSettle":["class","width","height"]}'
        />
        <title>{`${title} – ${t('appName')}`}</title>
        <link rel="icon" href="/ui/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/ui/static/app.css" />
        <link rel="stylesheet" href="/ui/static/workbench.css" />
        <script src="/ui/static/htmx.min.js" defer></script>
        <script src="/ui/static/enhance.js" defer></script>
      </head>
      <body class="workbench" hx-headers={csrfToken ? JSON.stringify({ 'X-CSRF-Token': csrfToken }) : undefined}>
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
                <span class="sr">{`${t('loggedInAs')}: `}</span>
                <span class="who-name">{user.name}</span>
                <span class="who-role">{t(`role.${user.role}`)}</span>
              </div>
            )}
            {user && csrfToken && (
              <form method="post" action="/logout" class="logout">
                <CsrfField token={csrfToken} />
                <button type="submit" class="secondary">
                  {t('logout')}
                </button>
              </form>
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
        <main id="content" tabIndex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}
