import type { CodeSets } from '../codes/code-sets.ts';
import { issue, type Issue } from '../errors.ts';
import { validateClientId } from '../identifiers/client-id.ts';
import { validateOid } from '../identifiers/oid.ts';
import { CLIENTHOOD_LEVELS, FORMATS, LANGUAGES, REGISTERS, documentKind, type DocumentKind, type DocumentMetadata } from './metadata.ts';
import type { RetentionRules } from './retention.ts';

export interface MetadataRules {
  codeSets: CodeSets;
  retention: RetentionRules;
  now: Date;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_TEXT = 500;

function missing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

/** Validates a submission's metadata against the national model; returns every problem found, not just the first. */
export function validateMetadata(m: Partial<DocumentMetadata>, rules: MetadataRules): Issue[] {
  const out: Issue[] = [];
  const required = (field: string, value: unknown, label: string): boolean => {
    if (missing(value)) {
      out.push(issue(field, 'required', `${label} is mandatory`));
      return false;
    }
    return true;
  };
  const oid = (field: string, value: unknown, label: string) => {
    if (!required(field, value, label)) return;
    const problem = typeof value === 'string' ? validateOid(value) : `${label} must be an OID string`;
    if (problem) out.push(issue(field, 'oid', problem));
  };
  const code = (field: string, setId: string, value: unknown, label: string) => {
    if (!required(field, value, label)) return;
    const problem = rules.codeSets.check(setId, String(value), field);
    if (problem) out.push(problem);
  };
  const text = (field: string, value: unknown, label: string) => {
    if (!required(field, value, label)) return;
    if (typeof value !== 'string') out.push(issue(field, 'type', `${label} must be text`));
    else if (value.length > MAX_TEXT) out.push(issue(field, 'max-length', `${label} is ${value.length} characters; at most ${MAX_TEXT}`));
  };
  const timestamp = (field: string, value: unknown, label: string): boolean => {
    if (!required(field, value, label)) return false;
    if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value) || !isRealDate(value)) {
      out.push(
        issue(
          field,
          'timestamp',
          `${label} '${String(value)}' is not an ISO 8601 timestamp with a time zone (e.g. 2024-05-02T13:45:00+03:00)`,
        ),
      );
      return false;
    }
    return true;
  };
  const date = (field: string, value: unknown, label: string): boolean => {
    if (!required(field, value, label)) return false;
    if (typeof value !== 'string' || !ISO_DATE.test(value) || !isRealDate(value)) {
      out.push(issue(field, 'date', `${label} '${String(value)}' is not a date (YYYY-MM-DD)`));
      return false;
    }
    return true;
  };

  oid('documentId', m.documentId, 'document id (asiakirjan yksilöintitunnus)');
  oid('setId', m.setId, 'set id (asiakirjan versiotunnus)');
  if (required('version', m.version, 'version')) {
    if (!Number.isInteger(m.version) || (m.version as number) < 1)
      out.push(issue('version', 'min', `version must be a whole number ≥ 1, got ${m.version}`));
    else if (m.version === 1 && m.replaces) out.push(issue('replaces', 'first-version', 'version 1 cannot replace another document'));
    else if ((m.version as number) > 1) oid('replaces', m.replaces, 'replaced document id (version > 1)');
  }

  let kind: DocumentKind = 'client-document';
  if (required('documentType', m.documentType, 'document type (asiakirjatyyppi)')) {
    const problem = rules.codeSets.check('document-types', String(m.documentType), 'documentType');
    if (problem) out.push(problem);
    else kind = documentKind(String(m.documentType), rules.codeSets.lookup('document-types', String(m.documentType))?.codeSystem ?? null);
  }
  text('title', m.title, 'title (asiakirjan nimi)');
  if (required('client', m.client, 'client (asiakas)')) {
    for (const message of validateClientId(m.client!)) out.push(issue('client', 'client-id', message));
  }
  oid('registerKeeper', m.registerKeeper, 'register keeper (rekisterinpitäjä)');
  if (required('register', m.register, 'register (rekisteri)') && !REGISTERS.includes(m.register!)) {
    out.push(issue('register', 'enum', `register must be one of ${REGISTERS.join(', ')}, got '${m.register}'`));
  }
  oid('serviceProvider', m.serviceProvider, 'service provider (palvelunantaja)');
  oid('serviceUnit', m.serviceUnit, 'service unit (palveluyksikkö)');
  code('serviceTask', 'service-tasks', m.serviceTask, 'service task (palvelutehtävä)');
  if (m.socialServices !== undefined && !Array.isArray(m.socialServices)) {
    out.push(issue('socialServices', 'type', 'social services must be a list of codes'));
  } else {
    (m.socialServices ?? []).forEach((c, i) => code(`socialServices[${i}]`, 'social-services', c, 'social service'));
    if (new Set(m.socialServices ?? []).size !== (m.socialServices ?? []).length) {
      out.push(issue('socialServices', 'unique', 'social services contain the same code twice'));
    }
  }

  // Notifications (ilmoitusrekisteri) are archived before any case exists.
  const needsCase = (kind === 'client-document' && m.register !== 'notification') || kind === 'case';
  if (needsCase && required('case', m.case, 'case (asia)')) {
    oid('case.id', m.case!.id, 'case id');
    text('case.name', m.case!.name, 'case name (an asia is always named)');
  }
  if (kind === 'client-document') code('processPhase', 'process-phases', m.processPhase, 'process phase (palveluprosessin vaihe)');
  else if (m.processPhase !== undefined) code('processPhase', 'process-phases', m.processPhase, 'process phase');

  if (required('author', m.author, 'author (laatija)')) {
    text('author.name', m.author!.name, 'author name');
    text('author.professionalId', m.author!.professionalId, 'author professional id');
    text('author.role', m.author!.role, 'author role');
  }
  const createdOk = timestamp('created', m.created, 'created (laatimisaika)');
  const completedOk = timestamp('completed', m.completed, 'completed (valmistumispäivä)');
  if (createdOk && completedOk && Date.parse(m.completed!) < Date.parse(m.created!)) {
    out.push(issue('completed', 'order', `completed ${m.completed} is before created ${m.created}`));
  }
  // A day of slack: client systems' clocks drift, but a document from next week is a data error.
  if (completedOk && Date.parse(m.completed!) > rules.now.getTime() + 86_400_000) {
    out.push(issue('completed', 'future', `completed ${m.completed} is in the future`));
  }
  if (required('language', m.language, 'language (kieli)') && !LANGUAGES.includes(m.language!)) {
    out.push(issue('language', 'enum', `language must be one of ${LANGUAGES.join(', ')}, got '${m.language}'`));
  }
  if (required('publicity', m.publicity, 'publicity (julkisuusluokka)')) {
    if (m.publicity!.class !== 'secret') {
      out.push(
        issue(
          'publicity.class',
          'secret-by-law',
          `social-welfare client documents are secret by law (254/2015); got '${m.publicity!.class}'`,
        ),
      );
    }
    text('publicity.basis', m.publicity!.basis, 'publicity legal basis');
  }
  if (
    required('retentionRule', m.retentionRule, 'retention rule (säilytysaika)') &&
    !rules.retention.rules.some((r) => r.id === m.retentionRule)
  ) {
    out.push(
      issue(
        'retentionRule',
        'code-unknown',
        `retention rule '${m.retentionRule}' is unknown; known: ${rules.retention.rules.map((r) => r.id).join(', ')}`,
      ),
    );
  }
  if (m.citizenVisible?.from !== undefined) date('citizenVisible.from', m.citizenVisible.from, 'citizen-visible-from date');
  if (required('format', m.format, 'format (tallennusmuoto)') && !FORMATS.includes(m.format!)) {
    out.push(issue('format', 'enum', `format must be one of ${FORMATS.join(', ')}, got '${m.format}'`));
  }

  if (kind === 'clienthood') {
    if (required('clienthood', m.clienthood, 'clienthood record (for a clienthood document)')) {
      const c = m.clienthood!;
      if (!CLIENTHOOD_LEVELS.includes(c.level))
        out.push(issue('clienthood.level', 'enum', `clienthood level must be one of ${CLIENTHOOD_LEVELS.join(', ')}, got '${c.level}'`));
      if (c.level !== 'social-welfare') {
        if (c.serviceTask !== m.serviceTask)
          out.push(issue('clienthood.serviceTask', 'match', `a ${c.level} clienthood names the document's service task ${m.serviceTask}`));
      }
      if (c.level === 'service-unit') oid('clienthood.serviceUnit', c.serviceUnit, 'service unit of the clienthood');
      const s = date('clienthood.start', c.start, 'clienthood start');
      if (c.end !== undefined && date('clienthood.end', c.end, 'clienthood end') && s && c.end < c.start) {
        out.push(issue('clienthood.end', 'order', `clienthood end ${c.end} is before its start ${c.start}`));
      }
    }
  } else if (m.clienthood !== undefined) {
    out.push(issue('clienthood', 'not-allowed', 'only a clienthood document (asiakkuusasiakirja) carries a clienthood record'));
  }
  if (kind === 'case') {
    if (required('caseRecord', m.caseRecord, 'case record (for a case document)')) {
      const c = m.caseRecord!;
      const o = date('caseRecord.opened', c.opened, 'case opened date');
      if (c.closed !== undefined && date('caseRecord.closed', c.closed, 'case closed date') && o && c.closed < c.opened) {
        out.push(issue('caseRecord.closed', 'order', `case closed ${c.closed} is before it was opened ${c.opened}`));
      }
    }
  } else if (m.caseRecord !== undefined) {
    out.push(issue('caseRecord', 'not-allowed', 'only a case document (asia-asiakirja) carries a case record'));
  }
  return out;
}
