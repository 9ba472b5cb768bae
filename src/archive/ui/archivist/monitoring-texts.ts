import { defineMessages, type Translate } from '../../../lib/ui/i18n.ts';
import { en } from './texts/monitoring-en.ts';
import { fi, type MonitoringKey as Key } from './texts/monitoring-fi.ts';
import { sv } from './texts/monitoring-sv.ts';

// Texts of the log-monitoring pages in fi/sv/en, one file a language under texts/; the key helpers below
// turn stored codes (rules, statuses, actions) into catalogue keys.

export type MonitoringT = Translate<Key>;
export const monitoringMessages = defineMessages<Key>({ fi, sv, en });
export const ruleKey = (rule: string) => `rule.${rule}` as Key;
export const statusKey = (status: string) => `status.${status}` as Key;
export const outcomeKey = (outcome: string) => `outcome.${outcome}` as Key;
const ACTIONS = new Set(Object.keys(fi).filter((k) => k.startsWith('act.')));
/** A usage-log action's name for the log controller; undefined for an action without one (shown as its code). */
export const actionKey = (action: string) => (ACTIONS.has(`act.${action}`) ? (`act.${action}` as Key) : undefined);
export const useOutcomeKey = (outcome: string) => `use.${outcome}` as Key;
const ACCESS_RULES = new Set(Object.keys(fi).filter((k) => k.startsWith('access.')));
/** An access rule's name; rules without one are shown as "other rule" with the code beside. */
export const accessRuleKey = (rule: string) => (ACCESS_RULES.has(`access.${rule}`) ? (`access.${rule}` as Key) : undefined);
export const eventKey = (kind: string) => `event.${kind}` as Key;
