// From the archive back: the client's summary (kooste) and the archived documents, fetched from the
// national archive through its public API (service/read-back.ts) as the signed-in professional, every line
// marked as an archive copy, with the access the archive granted (client relation or a special reason the
// professional states here). The archive decides; what it refuses is said as it said it, and nothing is shown.
import { ArkkiError } from '../../../lib/errors.ts';
import { formatDate } from '../../../lib/ui/i18n.ts';
import { ALL_ROLES, str, type WorkbenchCall, type WorkbenchKit } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import {
  type ArchiveAccess,
  type ArchiveCopies,
  readArchiveCopies,
  type SpecialReasonStatement,
  stateSpecialReason,
} from '../../service/read-back.ts';
import { workbenchMessages } from '../messages.ts';
import { AccessPanel, ArchivedDocuments, SpecialReasonForm, SummarySections } from './archive-copies-view.tsx';
import { clientPath, clientRefOf, Notice } from './common.tsx';

/** The archive client acting for the signed-in professional (demo mode: the archive's demo user of the same person). */
function archiveFor(deps: WorkbenchDeps, call: WorkbenchCall) {
  if (deps.mode !== 'demo' || !call.user.archiveUserId) return undefined;
  return deps.system.archive.asDemoUser(call.user.archiveUserId);
}

/** The page; `refusal` is the archive's answer to a special reason just stated (shown instead of reading). */
async function archiveCopiesPage(deps: WorkbenchDeps, call: WorkbenchCall, refusal?: ArchiveAccess) {
  const t = workbenchMessages(call.lang);
  const lang = call.lang;
  const ref = clientRefOf(deps, call.params.handle);
  const client = await deps.system.reads.client(ref);
  if (!client) throw new ArkkiError('not-found', t('notFound'));
  const base = clientPath(deps, ref.clientKey);
  const title = t('archiveCopiesTitle', { name: `${client.population.familyName} ${client.population.givenNames}` });
  const archive = archiveFor(deps, call);
  if (!archive) return { title, body: <p class="notice warn">{t('archiveNoAccess')}</p> };
  let copies: ArchiveCopies;
  try {
    copies = refusal
      ? { archiveCopy: true, fetchedAt: deps.now().toISOString(), access: refusal, documents: [] }
      : await readArchiveCopies(archive, ref.clientKey, { now: deps.now });
  } catch (err) {
    return { title, body: <p class="notice bad">{t('archiveUnavailable', { reason: (err as Error).message })}</p> };
  }
  const denied = copies.access.basis === 'denied';
  const body = (
    <>
      <p class="notice warn">
        <strong class="badge warn">{t('archiveCopy')}</strong> {t('archiveCopiesIntro')}{' '}
        <span class="muted">{t('fetchedAt', { time: formatDate(copies.fetchedAt, lang) })}</span>
      </p>
      <Notice text={call.query.done === 'special-reason' && !denied ? t('specialReasonStated') : undefined} />
      <AccessPanel t={t} lang={lang} deps={deps} access={copies.access} />
      {!denied && <SummarySections t={t} lang={lang} deps={deps} copies={copies} base={base} />}
      {!denied && <ArchivedDocuments t={t} lang={lang} copies={copies} base={base} />}
      <SpecialReasonForm call={call} deps={deps} action={`${base}/archive`} open={denied} />
      <p>
        <a href={base}>{t('backToClient')}</a>
      </p>
    </>
  );
  return { title, body };
}

export function registerArchiveCopiesPage(kit: WorkbenchKit, deps: WorkbenchDeps): void {
  kit.route({
    method: 'GET',
    url: '/clients/:handle/archive',
    roles: ALL_ROLES,
    handler: (call) => archiveCopiesPage(deps, call),
  });

  kit.route({
    method: 'POST',
    url: '/clients/:handle/archive',
    roles: ALL_ROLES,
    handler: async (call) => {
      const f = call.form;
      const statement: SpecialReasonStatement = {
        serviceTask: str(f, 'serviceTask'),
        reasonCode: str(f, 'reasonCode'),
        comment: str(f, 'comment').trim(),
      };
      const t = workbenchMessages(call.lang);
      const missing = (['serviceTask', 'reasonCode', 'comment'] as const).filter((k) => !statement[k]);
      if (missing.length > 0)
        throw new ArkkiError(
          'invalid',
          missing.map((field) => ({ field, rule: 'required', message: t('required') })),
        );
      const ref = clientRefOf(deps, call.params.handle);
      const archive = archiveFor(deps, call);
      if (!archive) throw new ArkkiError('forbidden', t('archiveNoAccess'));
      const access = await stateSpecialReason(archive, ref.clientKey, statement);
      if (access.basis === 'denied') return archiveCopiesPage(deps, call, access);
      // Post/redirect/get: a reload reads again under the grant instead of stating the reason twice.
      return { redirect: `${clientPath(deps, ref.clientKey)}/archive?done=special-reason` };
    },
  });

  kit.route({
    method: 'GET',
    url: '/clients/:handle/archive/:documentId',
    roles: ALL_ROLES,
    handler: async (call) => {
      const t = workbenchMessages(call.lang);
      clientRefOf(deps, call.params.handle);
      const archive = archiveFor(deps, call);
      if (!archive) throw new ArkkiError('forbidden', t('archiveNoAccess'));
      const id = call.params.documentId!;
      if (!/^[0-9.]{3,200}$/.test(id)) throw new ArkkiError('not-found', t('notFound'));
      const body = await archive.documents.body(`Binary/${id}`);
      return { file: { contentType: body.contentType, data: body.data, fileName: `arkistokopio-${id}.xml` } };
    },
  });
}
