/**
 * Building blocks every check uses to say its verdict. `unknown` always carries how to get an
 * answer (in `remediation`), so a missing fact never silently turns into a pass.
 */
import type { Evidence } from '../../core/result.js';
import type { Fact } from '../../core/facts.js';
import type { Fix } from '../../core/fix.js';
import type { Verdict } from '../types.js';

export const REQUIREMENTS_URL =
  'https://projectcalico.docs.tigera.io/archive/v3.22/getting-started/kubernetes/requirements';

export function docUrl(anchor: string): string {
  return `${REQUIREMENTS_URL}#${anchor}`;
}

export function evidence(fact: string, command: string): Evidence {
  return { fact, command };
}

export function pass(summary: string, evidence: Evidence[]): Verdict {
  return { status: 'pass', summary, evidence };
}

/** `fixes`: the remediation as data, when configuration can fix it (see src/core/fix.ts). */
export function warn(summary: string, evidence: Evidence[], remediation: string, fixes?: Fix[]): Verdict {
  return { status: 'warn', summary, evidence, remediation, ...(fixes?.length ? { fixes } : {}) };
}

export function fail(summary: string, evidence: Evidence[], remediation: string, fixes?: Fix[]): Verdict {
  return { status: 'fail', summary, evidence, remediation, ...(fixes?.length ? { fixes } : {}) };
}

export function skip(summary: string, evidence: Evidence[] = []): Verdict {
  return { status: 'skip', summary, evidence };
}

/** `howToAnswer` is the action that would settle the question (e.g. re-run with --become). */
export function unknown(summary: string, evidence: Evidence[], howToAnswer: string): Verdict {
  return { status: 'unknown', summary, evidence, remediation: howToAnswer };
}

/** A fact the probe could not read. */
export type MissingFact = Extract<Fact<unknown>, { ok: false }>;

export function missingEvidence(what: string, fact: MissingFact): Evidence {
  return evidence(`${what}: not available (${fact.missing})`, fact.source);
}

const PERMISSION_HINT = /permission|denied|not permitted|root|become|sudo/i;

/**
 * How to get an answer for a fact that could not be read: permission problems are solved by
 * root, anything else by the check's own advice.
 */
export function howToRead(fact: MissingFact, otherwise: string): string {
  return PERMISSION_HINT.test(fact.missing)
    ? 'Re-run the audit with --become (sudo) or log in as root, so the root-only probes can read it.'
    : otherwise;
}

/** The usual `unknown` for a check whose one needed fact is missing. */
export function unknownFromFact(what: string, fact: MissingFact, otherwise: string): Verdict {
  return unknown(`Could not determine ${what}: ${fact.missing}.`, [missingEvidence(what, fact)], howToRead(fact, otherwise));
}
