// The checks: for every published requirement, which observations exercise it and which of them break it.
// Pure and ordered: the same recording gives the same report. A requirement no observation exercised is
// "not exercised" — never a pass — so a report cannot certify what the system was not seen doing.
import type { Invalidation, Observation, Read, SpecialReason, Submission } from './observe.ts';
import type { Requirement, RequirementKey, RequirementList } from './requirements.ts';

export type Outcome = 'pass' | 'fail' | 'not-exercised';

export interface Evidence {
  /** The exchange (r1, r2, …). */
  request: string;
  /** Its entry in a batch. */
  entry?: number;
  documentId?: string;
  /** The archive rule or the harness check that decided. */
  rule?: string;
  ok: boolean;
  finding: string;
}

export interface RequirementResult {
  id: string;
  key: RequirementKey;
  outcome: Outcome;
  /** How many interactions exercised the requirement. */
  exercised: number;
  failures: number;
  /** Every failure, then up to MAX_OK_EVIDENCE of the interactions that met it. */
  evidence: Evidence[];
}

const MAX_OK_EVIDENCE = 12;
const MAX_FAILURE_EVIDENCE = 100;

interface Found {
  ok: Evidence[];
  failed: Evidence[];
}

type Check = (observations: readonly Observation[], requirement: Requirement, list: RequirementList) => Found;

const seq = (request: string) => Number(request.slice(1));
const is2xx = (status: number) => status >= 200 && status < 300;
const submissions = (o: readonly Observation[]) => o.filter((x): x is Submission => x.type === 'submission');
const reads = (o: readonly Observation[]) => o.filter((x): x is Read => x.type === 'read');

function where(s: Submission | Invalidation | Read | SpecialReason): Pick<Evidence, 'request' | 'entry' | 'documentId'> {
  const documentId = s.type === 'submission' ? s.cda?.metadata?.documentId : undefined;
  return {
    request: s.request,
    ...(s.type === 'submission' && s.entry !== undefined ? { entry: s.entry } : {}),
    ...(documentId ? { documentId } : {}),
  };
}

/** The archive's answer named a rule this requirement owns. */
function ruleFailures(s: Submission | Invalidation | Read | SpecialReason, requirement: Requirement): Evidence[] {
  return s.answer.rules
    .filter((r) => requirement.archiveRules.includes(r))
    .map((rule) => ({ ...where(s), rule, ok: false, finding: `the archive answered ${s.answer.status} with rule ${rule}` }));
}

/** One interaction: failed if any finding, else one ok evidence. */
function judge(found: Found, s: Submission | Invalidation | Read | SpecialReason, failures: Evidence[], okFinding: string): void {
  if (failures.length > 0) found.failed.push(...failures);
  else found.ok.push({ ...where(s), ok: true, finding: okFinding });
}

const clientKey = (s: Submission) => {
  const m = s.cda!.metadata!;
  return `${m.registerKeeper}|${m.client.kind}|${m.client.value}`;
};

const clienthoodFirst: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  const welfare = new Set<string>();
  const tasks = new Set<string>();
  const cases = new Set<string>();
  for (const s of submissions(o)) {
    const m = s.cda?.metadata;
    const kind = s.cda?.kind;
    if (!m || !kind || kind === 'consent' || kind === 'denial') continue;
    const client = clientKey(s);
    const task = `${client}|${m.serviceTask}`;
    const missing: string[] = [];
    if (kind === 'clienthood') {
      const level = m.clienthood?.level;
      if (level === 'service-task' && !welfare.has(client)) missing.push('the social-welfare clienthood');
      if (level === 'service-unit' && !tasks.has(task)) missing.push(`the service-task clienthood of task ${m.serviceTask}`);
    } else if (kind === 'case') {
      if (!tasks.has(task)) missing.push(`the service-task clienthood of task ${m.serviceTask}`);
    } else {
      if (!tasks.has(task)) missing.push(`the service-task clienthood of task ${m.serviceTask}`);
      if (m.case && !cases.has(`${client}|${m.case.id}`)) missing.push(`the case ${m.case.id}`);
    }
    const failures = [
      ...missing.map((what) => ({ ...where(s), rule: 'order', ok: false, finding: `sent before ${what} was archived` })),
      ...ruleFailures(s, requirement),
    ];
    judge(found, s, failures, `${kind}${kind === 'clienthood' ? ` (${m.clienthood?.level})` : ''} sent after what it depends on`);
    if (is2xx(s.answer.status)) {
      if (kind === 'clienthood' && m.clienthood?.level === 'social-welfare') welfare.add(client);
      if (kind === 'clienthood' && m.clienthood?.level === 'service-task') tasks.add(task);
      if (kind === 'case' && m.case) cases.add(`${client}|${m.case.id}`);
    }
  }
  return found;
};

const mandatoryMetadata: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  for (const s of submissions(o)) {
    const failures = [
      ...(s.cda?.parseIssues ?? []).map((i) => ({
        ...where(s),
        rule: i.rule,
        ok: false,
        finding: `the header cannot be read: ${i.rule} at ${i.field}`,
      })),
      ...ruleFailures(s, requirement),
    ];
    judge(found, s, failures, 'every mandatory field present');
  }
  return found;
};

const codesValid: Check = (o, requirement, list) => {
  const found: Found = { ok: [], failed: [] };
  for (const s of submissions(o)) {
    // The provoked refusal carries an unknown code on purpose; it is judged by K07 instead.
    if (s.cda?.metadata?.socialServices.includes(list.provokedRefusalSocialService)) continue;
    judge(found, s, ruleFailures(s, requirement), 'codes and organisations known and valid');
  }
  return found;
};

const systemSignature: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  for (const s of submissions(o)) {
    const failures: Evidence[] = [];
    const sig = s.cda?.signature;
    const m = s.cda?.metadata;
    if (!sig)
      failures.push({ ...where(s), rule: 'no-signature', ok: false, finding: 'not a signed CDA: the submission has no system signature' });
    else if (!sig.ok)
      failures.push({
        ...where(s),
        rule: `signature:${sig.reason}`,
        ok: false,
        finding: `the system signature does not verify (${sig.reason})`,
      });
    else {
      if (m && sig.organisationOid !== m.serviceProvider && sig.organisationOid !== m.registerKeeper) {
        failures.push({
          ...where(s),
          rule: 'signer-organisation',
          ok: false,
          finding: `signed by organisation ${sig.organisationOid}; the document's service provider is ${m.serviceProvider} and register keeper ${m.registerKeeper}`,
        });
      }
      if (s.caller.organisationOid && sig.organisationOid !== s.caller.organisationOid) {
        failures.push({
          ...where(s),
          rule: 'signer-not-sender',
          ok: false,
          finding: `signed by organisation ${sig.organisationOid}, sent by a system of ${s.caller.organisationOid}`,
        });
      }
    }
    failures.push(...ruleFailures(s, requirement));
    judge(found, s, failures, sig?.ok ? `signed by ${sig.systemName} of ${sig.organisationOid}` : 'signed');
  }
  return found;
};

const newVersion: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  const latest = new Map<string, { version: number; documentId: string; request: string }>();
  for (const s of submissions(o)) {
    const m = s.cda?.metadata;
    if (!m) continue;
    const prev = latest.get(m.setId);
    const failures: Evidence[] = [];
    if (m.version > 1 && prev && prev.documentId !== m.documentId) {
      if (m.version !== prev.version + 1) {
        failures.push({
          ...where(s),
          rule: 'version',
          ok: false,
          finding: `version ${m.version} follows version ${prev.version} (${prev.request})`,
        });
      }
      if (m.replaces !== prev.documentId) {
        failures.push({
          ...where(s),
          rule: 'replaces',
          ok: false,
          finding: `replaces ${m.replaces ?? 'nothing'}; the latest archived version is ${prev.documentId} (${prev.request})`,
        });
      }
      failures.push(...ruleFailures(s, requirement));
      judge(found, s, failures, `version ${m.version} replaces ${prev.documentId}`);
    } else if (m.version === 1 && prev && prev.documentId !== m.documentId) {
      found.failed.push({
        ...where(s),
        rule: 'version',
        ok: false,
        finding: `a second version 1 of set ${m.setId} (first in ${prev.request})`,
      });
    } else if (m.version > 1 && !prev) {
      // The version it replaces was archived before this run: the archive's own rules still judge it.
      const ruled = ruleFailures(s, requirement);
      if (ruled.length > 0) found.failed.push(...ruled);
    }
    if (is2xx(s.answer.status) && (!prev || m.version >= prev.version)) {
      latest.set(m.setId, { version: m.version, documentId: m.documentId, request: s.request });
    }
  }
  return found;
};

const invalidationReason: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  for (const v of o.filter((x): x is Invalidation => x.type === 'invalidation')) {
    const failures: Evidence[] = [];
    if ((v.reason ?? '').trim().length < 5) {
      failures.push({ ...where(v), rule: 'reason', ok: false, finding: 'invalidated without a reason of 5 characters or more' });
    }
    const ruled = ruleFailures(v, requirement);
    failures.push(...ruled);
    if (v.answer.refused && ruled.length === 0) {
      failures.push({
        ...where(v),
        rule: v.answer.rules[0] ?? `http-${v.answer.status}`,
        ok: false,
        finding: `the archive refused the invalidation (${v.answer.status})`,
      });
    }
    judge(found, v, failures, 'invalidated with a reason');
  }
  return found;
};

const refusalHandled: Check = (o) => {
  const found: Found = { ok: [], failed: [] };
  const subs = submissions(o);
  subs.forEach((s, i) => {
    if (!s.answer.refused) return;
    const again = subs.slice(i + 1).filter((later) => later.sha256 === s.sha256);
    const failures = again.map((later) => ({
      ...where(later),
      rule: 'resent-unchanged',
      ok: false,
      finding: `sent again unchanged after the archive refused it in ${s.request} (${s.answer.rules[0] ?? s.answer.status})`,
    }));
    judge(found, s, failures, `refused (${s.answer.rules[0] ?? s.answer.status}) and not sent again unchanged`);
  });
  return found;
};

/** Search parameters that narrow a search to one client, document set or case. */
const NARROWING = new Set(['patient', 'patient.identifier', 'subject', 'identifier', 'case', '_id']);

const readsWithPurpose: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  for (const r of reads(o)) {
    const failures = ruleFailures(r, requirement);
    if (r.kind === 'search' && !r.parameters.some((p) => NARROWING.has(p))) {
      failures.push({
        ...where(r),
        rule: 'register-wide-search',
        ok: false,
        finding: `a search that names no client, set or case (parameters: ${r.parameters.join(', ') || 'none'})`,
      });
    }
    if (r.kind === 'search' || r.kind === 'summary')
      judge(found, r, failures, `${r.kind} with ${r.parameters.join(', ') || 'no parameters'}`);
    else found.failed.push(...failures);
  }
  return found;
};

const professionalIdentity: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  for (const r of reads(o)) {
    const failures = ruleFailures(r, requirement);
    if (r.caller.kind === 'system') {
      failures.push({
        ...where(r),
        rule: 'system-identity',
        ok: false,
        finding: `a ${r.kind} under the system's identity (${r.caller.id ?? 'certificate'}), no professional signed in`,
      });
    } else if (r.caller.kind === 'unknown') {
      failures.push({ ...where(r), rule: 'no-identity', ok: false, finding: `a ${r.kind} under no known identity` });
    }
    judge(found, r, failures, `${r.kind} as professional ${r.caller.id ?? ''}`.trim());
  }
  for (const s of o.filter((x): x is SpecialReason => x.type === 'special-reason')) {
    if (s.caller.kind !== 'professional') {
      found.failed.push({
        ...where(s),
        rule: 'system-identity',
        ok: false,
        finding: 'a special reason stated without a professional signed in',
      });
    }
  }
  return found;
};

const specialReason: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  for (const s of o.filter((x): x is SpecialReason => x.type === 'special-reason')) {
    const failures: Evidence[] = [];
    for (const [name, value] of [
      ['serviceTask', s.serviceTask],
      ['reasonCode', s.reasonCode],
      ['comment', s.comment],
    ] as const) {
      if (!value?.trim()) failures.push({ ...where(s), rule: 'required', ok: false, finding: `a special reason without ${name}` });
    }
    const ruled = ruleFailures(s, requirement);
    failures.push(...ruled);
    if (s.answer.refused && ruled.length === 0) {
      failures.push({
        ...where(s),
        rule: s.answer.rules[0] ?? `http-${s.answer.status}`,
        ok: false,
        finding: `the archive refused the special reason (${s.answer.status})`,
      });
    }
    const used = reads(o).some((r) => r.patient === s.patient && r.caller.id === s.caller.id && seq(r.request) > seq(s.request));
    judge(found, s, failures, `special reason ${s.reasonCode} in task ${s.serviceTask}${used ? ', then used for a read' : ''}`);
  }
  return found;
};

const documentBody: Check = (o, requirement) => {
  const found: Found = { ok: [], failed: [] };
  for (const s of submissions(o)) {
    const c = s.cda;
    if (!c?.body) continue;
    const failures = ruleFailures(s, requirement);
    if (c.body === 'pdf' && !c.pdfOk) failures.push({ ...where(s), rule: 'pdf', ok: false, finding: 'the phase I body is not a PDF' });
    if (c.body === 'structured' && !c.structureOid) {
      failures.push({ ...where(s), rule: 'structure', ok: false, finding: 'a structured body that names no structure (templateId)' });
    }
    judge(found, s, failures, c.body === 'pdf' ? 'phase I: PDF in nonXMLBody' : `phase II: structure ${c.structureOid}`);
  }
  return found;
};

const CHECKS: Record<RequirementKey, Check> = {
  'clienthood-first': clienthoodFirst,
  'mandatory-metadata': mandatoryMetadata,
  'codes-valid': codesValid,
  'system-signature': systemSignature,
  'new-version': newVersion,
  'invalidation-reason': invalidationReason,
  'refusal-handled': refusalHandled,
  'reads-with-purpose': readsWithPurpose,
  'professional-identity': professionalIdentity,
  'special-reason': specialReason,
  'document-body': documentBody,
};

export function evaluate(observations: readonly Observation[], list: RequirementList): RequirementResult[] {
  return list.requirements.map((r) => {
    const { ok, failed } = CHECKS[r.key](observations, r, list);
    const exercised = ok.length + new Set(failed.map((e) => `${e.request}#${e.entry ?? ''}`)).size;
    const outcome: Outcome = failed.length > 0 ? 'fail' : ok.length > 0 ? 'pass' : 'not-exercised';
    return {
      id: r.id,
      key: r.key,
      outcome,
      exercised,
      failures: failed.length,
      evidence: [...failed.slice(0, MAX_FAILURE_EVIDENCE), ...ok.slice(0, MAX_OK_EVIDENCE)],
    };
  });
}
