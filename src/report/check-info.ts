/**
 * What the reports say about a check (title, requirement, Calico section, docs link), from
 * the checks catalogue as the result's requirement profile states it. A saved result may name
 * checks this version no longer has, or a release it has no profile of: those still render,
 * with their id as title and the requirements page as link.
 */
import { CHECKS } from '../checks/catalogue.js';
import { describeCheck } from '../checks/index.js';
import type { CheckInfo } from '../checks/types.js';
import type { JudgedAgainst } from './judged-against.js';

export interface ReportCheckInfo extends Omit<CheckInfo, 'requirement' | 'section'> {
  requirement?: string;
  section?: string;
  /** Whether this version's catalogue knows the id. */
  known: boolean;
  /** Position in the catalogue; unknown ids sort after known ones. */
  order: number;
}

const CATALOGUE: readonly CheckInfo[] = CHECKS;

const byId = new Map(CATALOGUE.map((check, order) => [check.id, { check, order }]));

export function checkInfo(id: string, against: JudgedAgainst): ReportCheckInfo {
  const entry = byId.get(id);
  if (!entry) return { id, title: id, docUrl: against.requirementsUrl, known: false, order: CATALOGUE.length };
  const { check, order } = entry;
  const { title, section } = check;
  if (!against.profile) return { id, title, section, docUrl: against.requirementsUrl, known: true, order };
  const { requirement, docUrl } = describeCheck(check, against.profile);
  return { id, title, requirement, section, docUrl, known: true, order };
}

/** `ids` in catalogue order, unknown ones last by name. */
export function sortCheckIds(ids: Iterable<string>): string[] {
  const order = (id: string) => byId.get(id)?.order ?? CATALOGUE.length;
  return [...new Set(ids)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}
