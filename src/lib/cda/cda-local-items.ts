// The header fields that have no CDA R2 place of their own travel as local header items (name → text;
// see LOCAL_ITEMS in cda-mapping.ts). Both directions are here so that a change of form stays local.
import type { ClienthoodLevel, DocumentFormat, Register } from '../metadata/metadata.ts';
import { xpathOf } from './cda-mapping.ts';
import type { DocumentMetadata, LocalItemValues } from './cda-types.ts';

/** The local items of `m` as text; absent ones are left out. */
export function localItemValues(m: DocumentMetadata): LocalItemValues {
  return {
    register: m.register,
    completed: m.completed,
    publicityBasis: m.publicity.basis,
    retentionRule: m.retentionRule,
    citizenVisible: String(m.citizenVisible.visible),
    citizenVisibleFrom: m.citizenVisible.from,
    format: m.format,
    clienthoodLevel: m.clienthood?.level,
    clienthoodServiceTask: m.clienthood?.serviceTask,
    clienthoodServiceUnit: m.clienthood?.serviceUnit,
    clienthoodStart: m.clienthood?.start,
    clienthoodEnd: m.clienthood?.end,
    caseOpened: m.caseRecord?.opened,
    caseClosed: m.caseRecord?.closed,
  };
}

type LocalFields = Pick<
  DocumentMetadata,
  'register' | 'completed' | 'retentionRule' | 'citizenVisible' | 'format' | 'clienthood' | 'caseRecord'
>;

/**
 * Reads the items back. Only presence and the boolean form are checked here; allowed values (register,
 * format, clienthood level, dates) are the national header rules' job. `fail(xpath, rule, message)` records a problem.
 */
export function fromLocalItems(
  v: LocalItemValues,
  fail: (field: string, rule: string, message: string) => void,
): { fields: LocalFields; publicityBasis: string } {
  const need = (name: keyof LocalItemValues): string => {
    const value = v[name];
    if (value === undefined) fail(xpathOf(name), 'required', `local header item ${name} is missing`);
    return value ?? '';
  };
  const fields: LocalFields = {
    register: need('register') as Register,
    completed: need('completed'),
    retentionRule: need('retentionRule'),
    citizenVisible: { visible: need('citizenVisible') === 'true', ...(v.citizenVisibleFrom ? { from: v.citizenVisibleFrom } : {}) },
    format: need('format') as DocumentFormat,
  };
  if (v.citizenVisible !== undefined && v.citizenVisible !== 'true' && v.citizenVisible !== 'false') {
    fail(xpathOf('citizenVisible'), 'boolean', `citizenVisible must be true or false, got '${v.citizenVisible}'`);
  }
  if (v.clienthoodLevel !== undefined || v.clienthoodStart !== undefined) {
    fields.clienthood = {
      level: need('clienthoodLevel') as ClienthoodLevel,
      start: need('clienthoodStart'),
      ...(v.clienthoodServiceTask ? { serviceTask: v.clienthoodServiceTask } : {}),
      ...(v.clienthoodServiceUnit ? { serviceUnit: v.clienthoodServiceUnit } : {}),
      ...(v.clienthoodEnd ? { end: v.clienthoodEnd } : {}),
    };
  }
  if (v.caseOpened !== undefined || v.caseClosed !== undefined) {
    fields.caseRecord = { opened: need('caseOpened'), ...(v.caseClosed ? { closed: v.caseClosed } : {}) };
  }
  return { fields, publicityBasis: need('publicityBasis') };
}
