/**
 * Kernel releases compared numerically part by part: `3.10.0-1160.el7.x86_64` is
 * [3, 10, 0, 1160], `4.4.0-210-generic` is [4, 4, 0, 210], so 3.9.11 < 3.10 and
 * 4.18.0-193.el8 ≥ 4.18.0-193. Missing trailing parts count as 0.
 */
import type { HostFacts } from '../../core/facts.js';
import { evidence, type MissingFact } from './verdict.js';
import type { Evidence } from '../../core/result.js';
import type { ProbeNeeds } from '../../core/probe-needs.js';

export type VersionParts = number[];

const RELEASE = /^(\d+(?:\.\d+)*)(?:-(\d+(?:\.\d+)*))?/;

export function parseKernelRelease(release: string): VersionParts | null {
  const match = RELEASE.exec(release.trim());
  if (!match?.[1]) return null;
  const parts = match[1].split('.');
  if (match[2]) parts.push(...match[2].split('.'));
  return parts.map(Number);
}

export function compareVersions(a: VersionParts, b: VersionParts): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

export function atLeast(release: VersionParts, minimum: string): boolean {
  return compareVersions(release, parseKernelRelease(minimum) ?? []) >= 0;
}

export type KernelRelease =
  | { ok: true; release: string; parts: VersionParts | null; evidence: Evidence }
  | { ok: false; evidence: Evidence[]; missing: string };

/** The running kernel's release: `uname -r`, else the one named in /proc/version. */
export function kernelRelease(facts: HostFacts): KernelRelease {
  if (facts.uname.ok && facts.uname.value.kernelRelease) {
    const release = facts.uname.value.kernelRelease;
    return { ok: true, release, parts: parseKernelRelease(release), evidence: evidence(`kernel release ${release}`, facts.uname.source) };
  }
  if (facts.procVersion.ok) {
    const release = facts.procVersion.value.release;
    if (release) {
      return { ok: true, release, parts: parseKernelRelease(release), evidence: evidence(`kernel release ${release}`, facts.procVersion.source) };
    }
  }
  const missing: MissingFact[] = [facts.uname, facts.procVersion].filter((fact): fact is MissingFact => !fact.ok);
  return {
    ok: false,
    missing: missing.map((fact) => fact.missing).join('; ') || 'neither uname nor /proc/version named a kernel release',
    evidence: [facts.uname, facts.procVersion].map((fact) =>
      fact.ok ? evidence('no kernel release in the output', fact.source) : evidence(`not available (${fact.missing})`, fact.source),
    ),
  };
}

/** What kernelRelease reads. */
export const KERNEL_RELEASE_NEEDS: ProbeNeeds = { facts: ['uname', 'procVersion'] };
