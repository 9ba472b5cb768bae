import type { FastifyPluginAsync } from 'fastify';
import type { ArchiveContext } from '../context.ts';
import { esc, page } from './html.ts';

/** The landing page lists the parts of arkki; /demo/users serves testers and scripts in demo mode. */
export function landingRoutes(ctx: ArchiveContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async () => ({ status: 'ok' }));

    if (ctx.config.mode === 'demo' && ctx.demoUsers) {
      const users = ctx.demoUsers;
      app.get('/demo/users', async () => users.map((u) => ({ id: u.userId, name: u.name, organisation: u.organisationOid, registerKeeper: u.registerKeeperOid, role: u.role, serviceTasks: u.serviceTasks })));
    }

    app.get('/', async (_request, reply) => {
      const users = ctx.config.mode === 'demo' ? ctx.demoUsers ?? [] : [];
      const rows = users.map((u) => `<tr><td><code>${esc(u.userId)}</code></td><td>${esc(u.name)}</td><td>${esc(u.role)}</td><td>${esc(u.serviceTasks.map((t) => (t === '*' ? 'all' : ctx.codeSets.display('service-tasks', t, 'en') ?? t)).join(', '))}</td><td class="muted">${esc(u.registerKeeperOid)}</td></tr>`).join('');
      const body = `<header><h1>arkki</h1><p>Sosiaalihuollon asiakastiedon arkisto · social-welfare client data archive (${esc(ctx.config.mode)} mode)</p></header>
<main>
<section><h2>Archive service (FHIR R4)</h2>
<table>
<tr><td><a href="/fhir/R4/metadata">/fhir/R4/metadata</a></td><td>CapabilityStatement: what the API offers</td></tr>
<tr><td><code>/fhir/R4/DocumentReference</code></td><td>store, read, version history, search, <code>$invalidate</code> of client documents</td></tr>
<tr><td><code>/fhir/R4/Binary/&lt;document id&gt;</code></td><td>document bodies (PDF, CDA R2)</td></tr>
<tr><td><code>/fhir/R4/Patient/&lt;id&gt;/$client-summary</code></td><td>client data summary (kooste)</td></tr>
<tr><td><code>/fhir/R4/AuditEvent</code></td><td>usage log (käyttöloki)</td></tr>
<tr><td><code>/fhir/R4/CodeSystem</code>, <code>/fhir/R4/ValueSet</code></td><td>code server (koodistopalvelu)</td></tr>
<tr><td><code>/fhir/R4/Organization</code></td><td>organisation register (SOTE-organisaatiorekisteri)</td></tr>
</table>
<p class="muted">Every FHIR call except metadata needs an identity${ctx.config.mode === 'demo' ? ': send the header <code>X-Arkki-Demo-User: &lt;id&gt;</code>' : ' (client certificate)'}.</p></section>
${users.length ? `<section><h2>Demo users</h2><p class="muted">Also as JSON at <a href="/demo/users">/demo/users</a>.</p>
<table><tr><th>id</th><th>name</th><th>role</th><th>service tasks</th><th>register keeper</th></tr>${rows}</table></section>` : ''}
<section><h2>Web UI</h2><p><a href="/login">Log in</a> (kirjaudu, logga in): ${ctx.config.mode === 'demo' ? 'choose a demo professional' : 'with a professional card certificate'}. Professionals search clients and state special reasons; archivists check documents and review log-monitoring alerts.</p>
<p><a href="/citizen">Citizen view</a> (omat tiedot, mina uppgifter): ${ctx.config.mode === 'demo' ? 'choose a demo client' : 'with a citizen certificate'} to see your own documents, clienthoods and cases, who has looked at your data, and disclosures.</p></section>
</main>`;
      return reply.type('text/html; charset=utf-8').send(page('arkki', body, 'en'));
    });
  };
}
