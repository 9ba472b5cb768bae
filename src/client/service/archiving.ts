// Use cases around the load queue for people: the archiving errors to fix (in the user's language, with
// where to fix them), a refused item put back in line once something really changed, the queue of one
// client with "blocked" shown, and the figures of the archiving monitoring page.
import { isDeepStrictEqual } from 'node:util';
import { ArkkiError, throwIfIssues } from '../../lib/errors.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { finnishDay, helsinkiInstant, plusDays } from '../../lib/time/index.ts';
import { documentMetadata } from '../domain/archive-metadata.ts';
import { type ArchivingChoices, validateChoices } from '../domain/client-document.ts';
import { type Counted, type MonitoringReport, monitoringReport } from '../domain/monitoring.ts';
import { describeRefusal, type DisplayState, type Lang, type RefusalView } from '../domain/refusal.ts';
import { getDocument } from '../store/document-store.ts';
import { getItem } from '../store/queue-store.ts';
import { historyCounts, type ItemDisplay, itemsForDisplay, refusalContext, requeueFixed, waitingNow } from '../store/queue-views.ts';
import { type ClientRef, getCase } from '../store/record-store.ts';
import type { ClientSystemDeps } from './deps.ts';
import { requireClient } from './records.ts';

export interface ArchivingError extends ItemDisplay {
  refusal: NonNullable<ItemDisplay['refusal']>;
  explained: RefusalView;
}

/** What a person changed to fix a refused item; nothing changed is refused (`fix-unchanged`). */
export interface RefusalFix {
  /** New archiving-screen choices of a refused client document (social services, publicity, …). */
  choices?: ArchivingChoices;
  /** Who fixed it, for the item's history. */
  by?: string;
}

export interface ArchivingDeps extends ClientSystemDeps {
  /** The system certificate the queue signs with now: a renewed certificate is a change (bad signature). */
  signingCertificatePem?: string;
}

const certBody = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

export function archivingUseCases(deps: ArchivingDeps) {
  const { db } = deps;

  async function fixRefused(ref: ClientRef, documentId: string, fix: RefusalFix = {}): Promise<void> {
    if (fix.choices) throwIfIssues(validateChoices(fix.choices));
    await db.transaction(async (tx) => {
      const item = await getItem(tx, ref, documentId);
      if (!item) throw new ArkkiError('not-found', [{ field: 'documentId', rule: 'not-found', message: 'jonossa ei ole tätä asiakirjaa' }]);
      if (item.status !== 'refused')
        throw new ArkkiError('conflict', [{ field: 'status', rule: 'not-refused', message: `asiakirja ei ole hylätty (${item.status})` }]);
      let metadata: DocumentMetadata = item.metadata;
      const changed: string[] = [];
      if (fix.choices) {
        if (item.kind !== 'document')
          throw new ArkkiError('invalid', [
            { field: 'choices', rule: 'not-a-document', message: 'arkistointivalinnat koskevat vain asiakirjoja' },
          ]);
        const client = await requireClient(tx, ref);
        const d = await getDocument(tx, ref, documentId);
        const c = d ? await getCase(tx, ref, d.caseId) : undefined;
        if (!d || !c || !d.completed)
          throw new ArkkiError('not-found', [{ field: 'documentId', rule: 'not-found', message: 'asiakirjaa ei löydy' }]);
        metadata = { ...documentMetadata(deps.organisation, client.clientId, c, { ...d, completed: d.completed, choices: fix.choices }) };
        // Deep equality, not JSON text: the stored snapshot is jsonb, which orders keys its own way.
        for (const k of ['socialServices', 'publicity', 'retentionRule', 'citizenVisible'] as const)
          if (!isDeepStrictEqual(metadata[k], item.metadata[k])) changed.push(k);
      }
      // Not a blind resend: something the archive judged must be different now.
      const context = await refusalContext(tx, ref, documentId);
      const prerequisiteArchived =
        context.refusedAt !== undefined && context.prerequisitesArchivedAt.some((at) => at !== undefined && at > context.refusedAt!);
      if (prerequisiteArchived) changed.push('prerequisite-archived');
      const certificateRenewed =
        deps.signingCertificatePem !== undefined &&
        item.payload !== undefined &&
        !item.payload.replace(/\s/g, '').includes(certBody(deps.signingCertificatePem));
      if (certificateRenewed) changed.push('system-certificate');
      if (changed.length === 0) {
        throw new ArkkiError('conflict', [
          {
            field: item.refusal?.metadataField ?? item.refusal?.field ?? 'documentId',
            rule: 'fix-unchanged',
            message: 'mikään ei muuttunut: arkisto hylkäisi saman lähetyksen uudelleen',
          },
        ]);
      }
      await requeueFixed(tx, ref, documentId, metadata, deps.now(), {
        changed,
        ...(fix.by ? { by: fix.by } : {}),
        previousRule: item.refusal?.rule,
      });
    });
  }

  return {
    fixRefused,

    /** The error work list: refused items, each explained in `lang` with where to fix it. */
    async archivingErrors(lang: Lang, client?: ClientRef): Promise<ArchivingError[]> {
      const refused = await itemsForDisplay(db, { display: 'refused', ...(client ? { client } : {}) });
      return refused
        .filter((i): i is ItemDisplay & { refusal: NonNullable<ItemDisplay['refusal']> } => i.refusal !== undefined)
        .map((i) => ({ ...i, explained: describeRefusal(i.refusal, i.kind as 'document', lang) }));
    },

    /** One client's queue (or everything), with refused prerequisites shown as blocking what waits on them. */
    queueItems(filter: { client?: ClientRef; display?: DisplayState } = {}): Promise<ItemDisplay[]> {
      return itemsForDisplay(db, filter);
    },

    /** Monitoring figures of the Finnish days `from`..`to` (inclusive, YYYY-MM-DD). */
    async monitoring(range: { from: string; to: string }): Promise<MonitoringReport> {
      const days: string[] = [];
      for (let d = range.from; d <= range.to && days.length < 400; d = plusDays(d, 1)) days.push(d);
      const start = helsinkiInstant(range.from);
      const end = helsinkiInstant(plusDays(range.to, 1));
      const rows: Counted[] = (await historyCounts(db, start, end)).map((r) => ({ ...r, day: finnishDay(r.hour) }));
      const before = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM load_queue_item WHERE enqueued_at < $1 AND (archived_at IS NULL OR archived_at >= $1)
           AND NOT (status = 'refused' AND enqueued_at < $1 AND EXISTS (SELECT 1 FROM load_queue_history h
             WHERE h.register_keeper_oid = load_queue_item.register_keeper_oid AND h.client_key = load_queue_item.client_key
               AND h.document_id = load_queue_item.document_id AND h.to_status = 'refused' AND h.at < $1))`,
        [start],
      );
      return monitoringReport(rows, days, Number(before.rows[0]?.n ?? 0), await waitingNow(db));
    },
  };
}

export type ArchivingUseCases = ReturnType<typeof archivingUseCases>;
