// The routes for finding and recording a client and for the client view (client-view-page.tsx), with the
// clienthoods and named cases opened and closed here. The search is a POST: a henkilötunnus never travels
// in a URL; the client's pages are addressed by an opaque handle.
import type { ClienthoodLevel } from '../../../lib/metadata/metadata.ts';
import { parseClientKey } from '../../../lib/identifiers/client-id.ts';
import { ArkkiError } from '../../../lib/errors.ts';
import { shownContactData } from '../../domain/client.ts';
import { ALL_ROLES, str, type WorkbenchKit } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { workbenchMessages } from '../messages.ts';
import { clientPath, clientRefOf, dayOf } from './common.tsx';
import { RecordClientForm, SearchForm } from './client-search-forms.tsx';
import { clientView, LEVELS } from './client-view-page.tsx';

export function registerClientPages(kit: WorkbenchKit, deps: WorkbenchDeps): void {
  kit.route({
    method: 'GET',
    url: '/clients',
    roles: ALL_ROLES,
    handler: async (call) => {
      const t = workbenchMessages(call.lang);
      return {
        title: t('searchTitle'),
        body: (
          <>
            <SearchForm call={call} />
            <RecordClientForm call={call} deps={deps} />
          </>
        ),
      };
    },
  });

  kit.route({
    method: 'POST',
    url: '/clients/search',
    roles: ALL_ROLES,
    handler: async (call) => {
      const t = workbenchMessages(call.lang);
      const q = str(call.form, 'q');
      const found = q.length >= 2 ? await deps.system.reads.searchClients(q) : [];
      return {
        title: t('searchTitle'),
        body: (
          <>
            <SearchForm call={call} value={q} />
            <section class="card">
              <h2>{t('results')}</h2>
              {found.length === 0 ? (
                <p>{t('noClients')}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('name')}</th>
                      <th scope="col">{t('clientId')}</th>
                      <th scope="col">{t('contact')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {found.map((c) => {
                      const contact = shownContactData(c.population);
                      return (
                        <tr>
                          <td>
                            <a href={clientPath(deps, c.clientKey)}>{`${c.population.familyName} ${c.population.givenNames}`}</a>
                          </td>
                          <td>{c.clientKey}</td>
                          <td>
                            {contact === 'turvakielto' ? <span class="badge bad">{t('turvakielto')}</span> : (contact.address ?? '–')}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </section>
            <RecordClientForm call={call} deps={deps} />
          </>
        ),
      };
    },
  });

  kit.route({
    method: 'POST',
    url: '/clients',
    roles: ALL_ROLES,
    handler: async (call) => {
      const f = call.form;
      let clientId: ReturnType<typeof parseClientKey>;
      try {
        clientId = parseClientKey(str(f, 'clientId').toUpperCase());
      } catch (err) {
        throw new ArkkiError('invalid', [{ field: 'clientId', rule: 'invalid', message: (err as Error).message }]);
      }
      const municipality = str(f, 'municipality');
      const address = str(f, 'address');
      const ref = await deps.system.service.recordClient(clientId, {
        familyName: str(f, 'familyName'),
        givenNames: str(f, 'givenNames'),
        ...(address ? { address } : {}),
        ...(municipality ? { municipality } : {}),
        turvakielto: str(f, 'turvakielto') === 'yes',
      });
      return { redirect: `${clientPath(deps, ref.clientKey)}?done=recorded` };
    },
  });

  kit.route({ method: 'GET', url: '/clients/:handle', roles: ALL_ROLES, handler: (call) => clientView(deps, call) });

  kit.route({
    method: 'POST',
    url: '/clients/:handle/clienthoods',
    roles: ALL_ROLES,
    handler: async (call) => {
      const ref = clientRefOf(deps, call.params.handle);
      const level = str(call.form, 'level') as ClienthoodLevel;
      if (!LEVELS.includes(level)) throw new ArkkiError('invalid', [{ field: 'level', rule: 'code-unknown', message: level }]);
      await deps.system.service.openClienthood(ref, {
        level,
        serviceTask: str(call.form, 'serviceTask'),
        serviceUnit: str(call.form, 'serviceUnit'),
        start: dayOf(str(call.form, 'start'), 'start', call.lang),
      });
      return { redirect: clientPath(deps, ref.clientKey) };
    },
  });

  kit.route({
    method: 'POST',
    url: '/clients/:handle/clienthoods/:id/close',
    roles: ALL_ROLES,
    handler: async (call) => {
      const ref = clientRefOf(deps, call.params.handle);
      await deps.system.service.closeClienthood(ref, call.params.id!, dayOf(str(call.form, 'end'), 'end', call.lang));
      return { redirect: clientPath(deps, ref.clientKey) };
    },
  });

  kit.route({
    method: 'POST',
    url: '/clients/:handle/cases',
    roles: ALL_ROLES,
    handler: async (call) => {
      const ref = clientRefOf(deps, call.params.handle);
      const c = await deps.system.service.openCase(ref, {
        name: str(call.form, 'name'),
        serviceTask: str(call.form, 'serviceTask'),
        serviceUnit: str(call.form, 'serviceUnit'),
        opened: dayOf(str(call.form, 'opened'), 'opened', call.lang),
      });
      return { redirect: `${clientPath(deps, ref.clientKey)}#case-${c.caseId}` };
    },
  });

  kit.route({
    method: 'POST',
    url: '/clients/:handle/cases/:caseId/close',
    roles: ALL_ROLES,
    handler: async (call) => {
      const ref = clientRefOf(deps, call.params.handle);
      await deps.system.service.closeCase(ref, call.params.caseId!, dayOf(str(call.form, 'closed'), 'closed', call.lang));
      return { redirect: clientPath(deps, ref.clientKey) };
    },
  });
}
