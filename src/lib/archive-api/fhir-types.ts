// The FHIR R4 resource shapes the archive's API speaks, from @types/fhir (types only, erased at run time),
// plus arkki's own answers that are not FHIR resources (the summary) — docs/fhir-mapping.md §3.
import type {
  AuditEvent,
  Binary,
  Bundle,
  BundleEntry,
  CapabilityStatement,
  CodeSystem,
  DocumentReference,
  Extension,
  Identifier,
  OperationOutcome,
  Organization,
  Parameters,
  ParametersParameter,
  Patient,
  Provenance,
  Resource,
  ValueSet,
} from 'fhir/r4.d.ts';

export type {
  AuditEvent,
  Binary,
  Bundle,
  BundleEntry,
  CapabilityStatement,
  CodeSystem,
  DocumentReference,
  Extension,
  Identifier,
  OperationOutcome,
  Organization,
  Parameters,
  ParametersParameter,
  Patient,
  Provenance,
  Resource,
  ValueSet,
};

/** A clienthood line of the summary (kooste). */
export interface SummaryClienthood {
  level: string;
  serviceUnit: string | null;
  start: string;
  end: string | null;
  active: boolean;
  documentId: string;
}

export interface SummaryCase {
  caseId: string;
  name: string;
  opened: string;
  closed: string | null;
  open: boolean;
  documentCount: number;
}

/** Localised text of a structured document's key field (fi/sv/en). */
export type LocalText = Record<string, string>;

export interface SummaryField {
  path: string;
  label: LocalText;
  type: string;
  values: unknown[];
  text: LocalText;
}

export interface SummaryDocument {
  documentId: string;
  setId: string;
  version: number;
  documentType: string;
  title: string;
  completed: string;
  caseId: string | null;
  author: string;
  /** Key fields of a structured (phase 2) document; absent for other documents. */
  fields?: SummaryField[];
}

export interface SummaryPhase {
  phase: string;
  documentCount: number;
  latest: SummaryDocument[];
}

export interface SummaryServiceTask {
  serviceTask: string;
  clienthoods: SummaryClienthood[];
  cases: SummaryCase[];
  phases: SummaryPhase[];
}

/** The answer of `GET Patient/<id>/$client-summary`: arkki JSON, not a FHIR resource. */
export interface ClientSummary {
  clientKey: string;
  registerKeeperOid: string;
  socialWelfareClienthoods: SummaryClienthood[];
  serviceTasks: SummaryServiceTask[];
}
