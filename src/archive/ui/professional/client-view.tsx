// The client's page: population data (contact hidden under turvakielto), clienthoods, cases and the
// latest documents per service task and process phase. Everything comes through readPerson and
// summariseClient, so the access policy decides and both reads are in the usage log. A denial for lack
// of a client relation offers the special-reason form instead.
import type { CodeSets } from '../../../lib/codes/code-sets.ts';
import { ArkkiError } from '../../../lib/errors.ts';
import type { ClientSummary, SummaryClienthood, SummaryServiceTask } from '../../domain/summary.ts';
import type { Person } from '../../domain/person.ts';
import { clientKeyOf } from '../client-ref.ts';
import { formatDate, type Lang } from '../../../lib/ui/i18n.ts';
import type { UiKit, UiResult } from '../ui-kit.tsx';
import { proMessages } from './messages.ts';

/** Denials the professional can lift by stating a special reason. */
export const SPECIAL_REASON_RULES: ReadonlySet<string> = new Set(['no-client-relation', 'special-reason-expired']);

export function denialRule(err: unknown): string | undefined {
  return err instanceof ArkkiError && err.code === 'forbidden' ? err.issues[0]?.rule : undefined;
}

type Codes = Pick<CodeSets, 'display'>;

function PersonFacts({ person, lang, codes }: { person: Person; lang: Lang; codes: Codes }) {
  const t = proMessages(lang);
  const name = [person.familyName, person.givenNames].filter(Boolean).join(', ');
  const contact = person.contact;
  const hidden = <span class="muted">{t('hidden')}</span>;
  const unknown = <span class="muted">{t('unknown')}</span>;
  const address =
    contact && [contact.streetAddress, [contact.postalCode, contact.postOffice].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <dl class="facts">
      <dt>{t('name')}</dt>
      <dd>{name || unknown}</dd>
      <dt>{t('clientId')}</dt>
      <dd>{person.clientKey}</dd>
      <dt>{t('birthDate')}</dt>
      <dd>{person.birthDate ? formatDate(person.birthDate, lang) : unknown}</dd>
      <dt>{t('municipality')}</dt>
      <dd>
        {person.turvakielto
          ? hidden
          : person.municipalityCode
            ? (codes.display('municipalities', person.municipalityCode, lang) ?? person.municipalityCode)
            : unknown}
      </dd>
      <dt>{t('address')}</dt>
      <dd>{person.turvakielto ? hidden : address || unknown}</dd>
      <dt>{t('phone')}</dt>
      <dd>{person.turvakielto ? hidden : (contact?.phone ?? unknown)}</dd>
      <dt>{t('email')}</dt>
      <dd>{person.turvakielto ? hidden : (contact?.email ?? unknown)}</dd>
    </dl>
  );
}

type OrgName = (oid: string) => string;

function Clienthoods({ list, lang, orgName }: { list: SummaryClienthood[]; lang: Lang; orgName: OrgName }) {
  const t = proMessages(lang);
  // The unit column only when some clienthood is at service-unit level.
  const units = list.some((c) => c.serviceUnit);
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('level')}</th>
          {units && <th scope="col">{t('unit')}</th>}
          <th scope="col">{t('start')}</th>
          <th scope="col">{t('end')}</th>
          <th scope="col">{t('state')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((c) => (
          <tr>
            <td>{t(`level.${c.level}` as 'level.service-task')}</td>
            {units && <td>{c.serviceUnit ? orgName(c.serviceUnit) : ''}</td>}
            <td>{formatDate(c.start, lang)}</td>
            <td>{formatDate(c.end, lang)}</td>
            <td>{c.active ? <span class="badge ok">{t('active')}</span> : <span class="badge muted">{t('ended')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ServiceTaskSection({ task, lang, codes, orgName }: { task: SummaryServiceTask; lang: Lang; codes: Codes; orgName: OrgName }) {
  const t = proMessages(lang);
  const headingId = `task-${task.serviceTask}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{codes.display('service-tasks', task.serviceTask, lang) ?? task.serviceTask}</h2>
      {task.clienthoods.length > 0 && (
        <>
          <h3>{t('clienthoods')}</h3>
          <Clienthoods list={task.clienthoods} lang={lang} orgName={orgName} />
        </>
      )}
      {task.cases.length > 0 && (
        <>
          <h3>{t('cases')}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('caseName')}</th>
                <th scope="col">{t('opened')}</th>
                <th scope="col">{t('closed')}</th>
                <th scope="col">{t('documentCount')}</th>
              </tr>
            </thead>
            <tbody>
              {task.cases.map((c) => (
                <tr>
                  <td>
                    {c.name} {c.open && <span class="badge ok">{t('open')}</span>}
                  </td>
                  <td>{formatDate(c.opened, lang)}</td>
                  <td>{formatDate(c.closed, lang)}</td>
                  <td>{c.documentCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {task.phases.length > 0 && (
        <>
          <h3>{t('documentsByPhase')}</h3>
          {task.phases.map((p) => (
            <div class="phase">
              <h4>
                {codes.display('process-phases', p.phase, lang) ?? p.phase}{' '}
                <span class="muted">({t('latestOf', { shown: p.latest.length, count: p.documentCount })})</span>
              </h4>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('docTitle')}</th>
                    <th scope="col">{t('docType')}</th>
                    <th scope="col">{t('completed')}</th>
                    <th scope="col">{t('author')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.latest.map((d) => (
                    <tr>
                      <td>
                        <a href={`/pro/documents/${encodeURIComponent(d.documentId)}`}>{d.title}</a>
                        {/* Key fields of a structured document (docs/rendering.md), stored at ingest. */}
                        {d.fields && d.fields.length > 0 && (
                          <ul class="key-fields">
                            {d.fields.map((f) => (
                              <li>
                                <span class="muted">{lang === 'sv' ? (f.label.sv ?? f.label.fi) : f.label.fi}:</span>{' '}
                                {lang === 'sv' ? (f.text.sv ?? f.text.fi) : f.text.fi}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>{codes.display('document-types', d.documentType, lang) ?? d.documentType}</td>
                      <td>{formatDate(d.completed, lang)}</td>
                      <td>{d.author}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

export function ClientPage({
  person,
  summary,
  lang,
  codes,
  specialReasonTasks,
  reference,
  orgName,
}: {
  orgName: OrgName;
  person: Person;
  summary: ClientSummary;
  lang: Lang;
  codes: Codes;
  specialReasonTasks: string[];
  reference: string;
}) {
  const t = proMessages(lang);
  return (
    <>
      {person.turvakielto && (
        <p class="notice warn" role="note">
          <span class="badge bad">{t('turvakielto')}</span> {t('turvakieltoNote')}
        </p>
      )}
      {specialReasonTasks.length > 0 && (
        <p class="notice">
          {t('viaSpecialReason', { tasks: specialReasonTasks.map((s) => codes.display('service-tasks', s, lang) ?? s).join(', ') })}
        </p>
      )}
      <section class="card" aria-label={t('clientTitle')}>
        <PersonFacts person={person} lang={lang} codes={codes} />
      </section>
      {summary.socialWelfareClienthoods.length > 0 && (
        <section class="card">
          <h2>{t('socialWelfare')}</h2>
          <Clienthoods list={summary.socialWelfareClienthoods} lang={lang} orgName={orgName} />
        </section>
      )}
      {summary.serviceTasks.length === 0 && <p class="muted">{t('noServiceTasks')}</p>}
      {summary.serviceTasks.length > 0 && (
        <p>
          <a class="button secondary" href={`/pro/clients/${reference}/documents`}>
            {t('allDocuments')}
          </a>
        </p>
      )}
      {summary.serviceTasks.map((task) => (
        <ServiceTaskSection task={task} lang={lang} codes={codes} orgName={orgName} />
      ))}
    </>
  );
}

function BackToSearch({ lang }: { lang: Lang }) {
  return (
    <p>
      <a href="/pro/clients">← {proMessages(lang)('navClients')}</a>
    </p>
  );
}

export function NoRelation({ lang, reference, expired }: { lang: Lang; reference: string; expired: boolean }) {
  const t = proMessages(lang);
  return (
    <section class="card narrow">
      <p class="notice warn" role="alert">
        {expired ? t('expiredText') : t('noRelationText')}
      </p>
      <p>
        <a class="button" href={`/pro/clients/${reference}/special-reason`}>
          {t('stateReason')}
        </a>
      </p>
    </section>
  );
}

export interface ClientViewOptions {
  /** Service tasks in which the caller currently sees this client by a special reason (for the notice). */
  specialReasonTasks?: (call: Parameters<Parameters<UiKit['route']>[0]['handler']>[0], clientKey: string) => Promise<string[]>;
}

export function clientViewRoutes(ui: UiKit, options: ClientViewOptions = {}): void {
  ui.route({
    method: 'GET',
    url: '/pro/clients/:ref',
    roles: ['social-worker'],
    handler: async (call): Promise<UiResult> => {
      const t = proMessages(call.lang);
      const reference = call.params.ref!;
      const clientKey = clientKeyOf(reference);
      let person: Person;
      try {
        person = await call.use.readPerson(clientKey);
      } catch (err) {
        const rule = denialRule(err);
        if (rule && SPECIAL_REASON_RULES.has(rule)) {
          // The form is offered only where a statement would be accepted (data in a role task, no relation there).
          const options = await call.use.specialReasonOptions(clientKey);
          if (options.serviceTasks.length === 0)
            return {
              title: t('noRelationTitle'),
              status: 403,
              body: (
                <>
                  <p class="notice bad" role="alert">
                    {t(options.refusedBy === 'no-data-in-service-task' ? 'sr.no-data-in-service-task' : 'sr.other')}
                  </p>
                  <BackToSearch lang={call.lang} />
                </>
              ),
            };
          return {
            title: t('noRelationTitle'),
            status: 403,
            body: <NoRelation lang={call.lang} reference={reference} expired={rule === 'special-reason-expired'} />,
          };
        }
        if (rule === 'service-task-not-in-role') {
          return {
            title: t('notInRoleTitle'),
            status: 403,
            body: (
              <>
                <p class="notice bad" role="alert">
                  {t('notInRoleText')}
                </p>
                <BackToSearch lang={call.lang} />
              </>
            ),
          };
        }
        if (err instanceof ArkkiError && err.code === 'not-found') {
          return {
            title: t('clientTitle'),
            status: 404,
            body: (
              <>
                <p class="notice bad" role="alert">
                  {t('notInRegister')}
                </p>
                <BackToSearch lang={call.lang} />
              </>
            ),
          };
        }
        throw err;
      }
      const summary = await call.use.summariseClient(clientKey);
      const specialReasonTasks = options.specialReasonTasks ? await options.specialReasonTasks(call, clientKey) : [];
      const units = [...summary.socialWelfareClienthoods, ...summary.serviceTasks.flatMap((s) => s.clienthoods)].flatMap((c) =>
        c.serviceUnit ? [c.serviceUnit] : [],
      );
      const names = new Map<string, string>();
      for (const oid of new Set(units)) names.set(oid, (await ui.organisationName(oid, call.lang)) ?? oid);
      const name = [person.givenNames, person.familyName].filter(Boolean).join(' ');
      return {
        title: name ? `${t('clientTitle')}: ${name}` : t('clientTitle'),
        body: (
          <ClientPage
            person={person}
            summary={summary}
            lang={call.lang}
            codes={call.codeSets}
            specialReasonTasks={specialReasonTasks}
            reference={reference}
            orgName={(oid) => names.get(oid) ?? oid}
          />
        ),
      };
    },
  });
}
