// The page frame every UI page shares: header (who is logged in, language switch, logout), main nav,
// content. Server-rendered; preact-render-to-string escapes every text and attribute.
import type { ComponentChildren } from 'preact';
import type { Identity } from '../../lib/identity/identity.ts';
import { LANGS, type Lang } from '../../lib/ui/i18n.ts';
import { shellMessages } from './shell-messages.ts';

export interface NavLink {
  href: string;
  label: string;
}

export interface LayoutProps {
  lang: Lang;
  title: string;
  /** The page's own URL (the language switch returns here). */
  currentUrl: string;
  /** Absent on the login and logged-out pages. */
  user?: { identity: Identity; organisationName?: string };
  csrfToken?: string;
  nav?: NavLink[];
  children: ComponentChildren;
}

const LANG_LABEL: Record<Lang, string> = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };

/** Hidden field that every POST form of the UIs carries (htmx requests send the header instead). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function Layout({ lang, title, currentUrl, user, csrfToken, nav = [], children }: LayoutProps) {
  const t = shellMessages(lang);
  const path = currentUrl.split('?')[0]!;
  // The most specific link is the current one (/archivist/alerts, not also /archivist).
  const current = nav
    .filter((n) => path === n.href || path.startsWith(`${n.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* No "style" among the settled attributes: htmx would set style attributes, which the CSP (style-src 'self') refuses. */}
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowScriptTags":false,"allowEval":false,"attributesToSettle":["class","width","height"],"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"4..","swap":true,"error":true},{"code":"...","swap":false,"error":true}]}'
        />
        <title>{`${title} – arkki`}</title>
        <link rel="icon" href="/ui/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/ui/static/app.css" />
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
                <span class="sr">{`${t('loggedInAs')}: `}</span>
                <span class="who-name">{user.identity.name}</span>
                <span class="who-role">
                  {t(`role.${user.identity.role}` as 'role.archivist')}
                  {user.organisationName ? ` · ${user.organisationName}` : ''}
                </span>
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
