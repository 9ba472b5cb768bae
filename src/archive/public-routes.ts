// The archive's routes that answer without an identity (design.md: "routes without identity are an
// explicit list"). Everything else under /fhir/R4 authenticates the caller first, and every UI page is a
// ui.route that needs a session; test/e2e/route-inventory.int.test.ts calls every registered route
// without credentials and fails on any route that answers and is not listed here.

export interface PublicRoute {
  method: 'GET' | 'POST';
  url: string;
  why: string;
  /** Registered only when the archive has certificate trust configured (card and citizen-certificate sign-in). */
  withCertificateTrust?: true;
}

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  { method: 'GET', url: '/fhir/R4/metadata', why: 'the CapabilityStatement: FHIR clients read it before they authenticate' },
  { method: 'GET', url: '/health', why: 'liveness for the operator: says only that the process answers' },
  { method: 'GET', url: '/', why: 'the landing page: what this server is and where to sign in' },
  { method: 'GET', url: '/demo/users', why: 'demo mode only: the demo users (no client data)' },
  { method: 'GET', url: '/ui/lang/:lang', why: 'switching the UI language (a cookie) before sign-in' },
  { method: 'GET', url: '/login', why: 'the professionals’ sign-in page' },
  { method: 'GET', url: '/login/ended', why: 'the page after a session timed out' },
  { method: 'GET', url: '/logged-out', why: 'the page after signing out' },
  { method: 'POST', url: '/logout', why: 'signing out (CSRF-checked; ends whatever session the browser has)' },
  { method: 'GET', url: '/login/card', why: 'card sign-in: the card certificate is the credential', withCertificateTrust: true },
  { method: 'GET', url: '/login/demo', why: 'demo mode only: the demo sign-in picker' },
  { method: 'POST', url: '/login/demo', why: 'demo mode only: signing in as a demo user (CSRF-checked)' },
  { method: 'GET', url: '/citizen', why: 'the citizen view’s entry: sends to sign-in or the start page' },
  { method: 'GET', url: '/citizen/login', why: 'the citizens’ sign-in page' },
  { method: 'POST', url: '/citizen/login/demo', why: 'demo mode only: signing in as a demo citizen (CSRF-checked)' },
  {
    method: 'GET',
    url: '/citizen/login/certificate',
    why: 'citizen sign-in: the certificate is the credential',
    withCertificateTrust: true,
  },
];

/** Static files (stylesheets, scripts, the favicon) are public by nature: no data, the same for everybody. */
export const PUBLIC_STATIC_PREFIXES: readonly string[] = ['/ui/static/', '/favicon.ico'];
