// The national metadata (kuvailutiedot, domain README §4) of each migrated document and of the derived
// clienthood and case documents. Pure; every id comes from ids.ts, so the same source gives the same header.
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { MappedRow } from './check-row.ts';
import type { ExportManifest } from './export-format.ts';
import { caseDocumentIds, caseOid, clienthoodIds, documentIds } from './ids.ts';
import type { RecordNeed } from './records.ts';

const PUBLICITY = { class: 'secret' as const, basis: 'JulkL 24 § 1 mom 25 k' };

export type MetadataContext = Pick<ExportManifest, 'registerKeeper' | 'serviceProvider' | 'documentOidRoot' | 'sourceSystem'>;

/** The author of a derived record: the migration itself, on behalf of the register keeper. */
function migrationAuthor(ctx: MetadataContext): DocumentMetadata['author'] {
  return { name: `Tiedonsiirto: ${ctx.sourceSystem}`, professionalId: 'MIGRATION', role: 'tiedonsiirto' };
}

export function documentMetadata(ctx: MetadataContext, r: MappedRow): DocumentMetadata {
  const { row } = r.source;
  const ids = documentIds(ctx.documentOidRoot, row.row_id);
  return {
    ...ids,
    version: 1,
    documentType: r.codes.documentType,
    title: row.title,
    client: r.client,
    registerKeeper: ctx.registerKeeper,
    register: 'client',
    serviceProvider: ctx.serviceProvider,
    serviceUnit: r.codes.serviceUnit,
    serviceTask: r.codes.serviceTask,
    socialServices: r.codes.socialServices,
    case: { id: caseOid(ctx.documentOidRoot, r.clientKey, row.case_id), name: row.case_name },
    ...(r.codes.processPhase ? { processPhase: r.codes.processPhase } : {}),
    author: { name: row.author_name, professionalId: row.author_id || 'LEGACY', role: row.author_role || 'sosiaalihuollon ammattihenkilö' },
    created: r.created,
    completed: r.completed,
    language: r.language,
    publicity: PUBLICITY,
    retentionRule: r.codes.retentionRule,
    citizenVisible: { visible: r.codes.citizenVisible },
    format: 'cda',
  };
}

export function recordMetadata(ctx: MetadataContext, need: RecordNeed): DocumentMetadata {
  const day = need.kind === 'case' ? need.opened : need.start;
  const at = `${day}T12:00:00+02:00`;
  const common = {
    version: 1,
    client: need.client,
    registerKeeper: ctx.registerKeeper,
    register: 'client' as const,
    serviceProvider: ctx.serviceProvider,
    serviceUnit: need.serviceUnit,
    serviceTask: need.serviceTask,
    socialServices: [],
    author: migrationAuthor(ctx),
    created: at,
    completed: at,
    language: 'fi' as const,
    publicity: PUBLICITY,
    retentionRule: need.serviceTask === '10' ? 'lastensuojelu-pitka' : 'sh-12y',
    citizenVisible: { visible: true },
    format: 'cda' as const,
  };
  if (need.kind === 'clienthood') {
    return {
      ...clienthoodIds(ctx.documentOidRoot, need.clientKey, need.level, need.level === 'social-welfare' ? '' : need.serviceTask),
      ...common,
      documentType: '1',
      title: need.level === 'social-welfare' ? 'Sosiaalihuollon asiakkuus' : 'Palvelutehtäväasiakkuus',
      clienthood: { level: need.level, ...(need.level === 'service-task' ? { serviceTask: need.serviceTask } : {}), start: day },
    };
  }
  const id = caseOid(ctx.documentOidRoot, need.clientKey, need.localCaseId);
  return {
    ...caseDocumentIds(ctx.documentOidRoot, id),
    ...common,
    documentType: '2',
    title: `Asia avattu: ${need.name}`,
    case: { id, name: need.name },
    caseRecord: { opened: day },
  };
}
