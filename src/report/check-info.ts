/**
 * What the reports say about a check (title, requirement, Calico section, docs link), from
 * the checks catalogue. A saved result may name checks this version no longer has: those
 * still render, with their id as title and the requirements page as link.
 */
import { CHECKS } from '../checks/catalogue.js';
import { REQUIREMENTS_URL } from '../checks/lib/verdict.js';
import type { CheckInfo } from '../checks/types.js';

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

export function checkInfo(id: string): ReportCheckInfo {
  const entry = byId.get(id);
  if (!entry) return { id, title: id, docUrl: REQUIREMENTS_URL, known: false, order: CATALOGUE.length };
  const { check, order } = entry;
  return { id, title: check.title, requirement: check.requirement, section: check.section, docUrl: check.docUrl, known: true, order };
}

/** `ids` in catalogue order, unknown ones last by name. */
export function sortCheckIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => checkInfo(a).order - checkInfo(b).order || a.localeCompare(b));
}
