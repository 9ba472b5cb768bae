// The prerequisite order of a migration run: the archive refuses a document before its client's
// social-welfare clienthood, its service-task clienthood and its case are archived, and the export has none
// of these, so they are derived from the rows (records.ts) and each is sent by the first batch that needs
// it. Batches choose their records one after another in dispatch order (each after the previous one chose),
// so a record always belongs to an earlier batch than the ones waiting for it and no two batches wait for
// each other; a batch sends only after the batches owning its other records have had their answer.
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { MappedRow } from './check-row.ts';
import { type MetadataContext, recordMetadata } from './national-metadata.ts';
import { needKeys, type RecordNeed } from './records.ts';

export interface ChosenRecords {
  /** The records this batch carries, in archiving order (social-welfare clienthoods, service-task clienthoods, cases). */
  records: Array<{ key: string; metadata: DocumentMetadata }>;
  /** Answers of the earlier batches that carry records this batch's documents need. */
  waitFor: Promise<void>[];
}

/** Archiving order within a batch: the social-welfare clienthood before the service-task one, both before cases. */
const rank = (m: DocumentMetadata) => (m.clienthood?.level === 'social-welfare' ? 0 : m.clienthood ? 1 : 2);

export class RecordOrder {
  /** A record's owner: the answer of the batch that sends it. */
  private readonly sentBy = new Map<string, Promise<void>>();

  constructor(
    private readonly needs: ReadonlyMap<string, RecordNeed>,
    private readonly ctx: MetadataContext,
  ) {}

  /**
   * The records the rows of one batch need that no earlier batch took; `answered` settles when this
   * batch's send has its answer (or failed). Call in dispatch order.
   */
  choose(rows: readonly MappedRow[], answered: Promise<void>): ChosenRecords {
    const waitFor = new Set<Promise<void>>();
    const records: ChosenRecords['records'] = [];
    for (const row of rows) {
      for (const key of needKeys(row)) {
        const owner = this.sentBy.get(key);
        if (owner) {
          if (owner !== answered) waitFor.add(owner);
          continue;
        }
        const need = this.needs.get(key);
        if (!need) continue;
        this.sentBy.set(key, answered);
        records.push({ key, metadata: recordMetadata(this.ctx, need) });
      }
    }
    records.sort((a, b) => rank(a.metadata) - rank(b.metadata));
    return { records, waitFor: [...waitFor] };
  }
}
