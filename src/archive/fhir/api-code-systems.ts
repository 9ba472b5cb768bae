// The code systems of the API itself (not of the national code server): every system a response names
// must resolve to a CodeSystem a client can read (GET CodeSystem/<id>, or search by url), so they are
// served beside the code server's sets (code-system-routes.ts).
import type { DocumentFormat } from '../../lib/metadata/metadata.ts';
import type { UsageEntry } from '../domain/usage-entry.ts';
import { FORMAT_SYSTEM, USAGE_ACTION_SYSTEM, VALIDATION_RULE_SYSTEM } from './systems.ts';

type Json = Record<string, unknown>;

// The storage formats, and `xhtml`: the phase-2 storage format is JSON + XHTML (seed 003), so the XHTML
// rendering served beside a structured document's JSON is named here too (DocumentReference.content.format).
const STORAGE_FORMATS: Record<DocumentFormat | 'xhtml', string> = {
  pdf: 'PDF document (phase I)',
  cda: 'signed CDA R2 document',
  structured: 'structured content (phase 2) as JSON',
  xhtml: 'XHTML rendering of structured content (phase 2)',
};

/** Every usage-log action (typed: a new action does not compile until it is described here). */
export const USAGE_ACTIONS: Record<UsageEntry['action'], string> = {
  create: 'archived a document',
  'new-version': 'archived a new version',
  invalidate: 'invalidated a document',
  read: 'read document metadata',
  'read-body': 'read a document body',
  history: 'read the versions of a document',
  search: 'searched documents',
  summary: 'read the client summary (kooste)',
  'read-person': 'read the client’s population data',
  'read-usage-log': 'read the usage log',
  'state-special-reason': 'stated a special reason (asiayhteys)',
  'special-reason-comment': 'commented a special reason',
  'special-reason-options': 'looked up where a special reason may be stated',
  'manage-consents': 'managed consents, denials and disclosure decisions',
  'record-consent': 'recorded a consent, denial or disclosure decision',
  'read-consents': 'read consents, denials and disclosure decisions',
};

function codeSystem(id: string, url: string, title: string, description: string, concept?: Record<string, string>): Json {
  const codes = concept ? Object.entries(concept).map(([code, display]) => ({ code, display })) : undefined;
  return {
    resourceType: 'CodeSystem',
    id,
    url,
    version: '1',
    name: id
      .split('-')
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join(''),
    title,
    status: 'active',
    experimental: false,
    publisher: 'arkki',
    description,
    caseSensitive: true,
    // The rule codes are the `rule` of each check, named in every issue's details.text; they are not listed.
    content: codes ? 'complete' : 'not-present',
    ...(codes ? { count: codes.length, concept: codes } : {}),
  };
}

export const API_CODE_SYSTEMS: readonly Json[] = [
  codeSystem(
    'storage-format',
    FORMAT_SYSTEM,
    'arkki storage format (tallennusmuoto)',
    'How an archived document is stored: DocumentReference.content.format and the storage-format extension.',
    STORAGE_FORMATS,
  ),
  codeSystem(
    'usage-action',
    USAGE_ACTION_SYSTEM,
    'arkki usage-log action',
    'What a usage-log row (käyttöloki) records: AuditEvent.subtype.',
    USAGE_ACTIONS,
  ),
  codeSystem(
    'validation-rule',
    VALIDATION_RULE_SYSTEM,
    'arkki validation and access rule',
    'The rule a refused request broke (OperationOutcome.issue.details.coding): e.g. required, code-unknown, ' +
      'unknown-search-parameter, archive-first, immutable, digest-mismatch. The codes are not enumerated here; ' +
      "each issue's details.text and diagnostics say the rule in words (docs/fhir-mapping.md §6).",
  ),
];
