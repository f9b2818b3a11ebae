/** A host's facts against a profile's lists: which distribution rule it meets, where its Kubernetes stands. */
import type { OsRelease } from '../../core/facts.js';
import { compareVersions, type VersionParts } from '../lib/kernel-version.js';
import type { DistroRule, KubernetesSupport } from './types.js';

/** VERSION_ID as numbers: "20.04" → [20, 4], Talos' "v1.6.4" → [1, 6, 4]; null for "rolling" and the like. */
function versionParts(versionId: string): VersionParts | null {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(versionId.trim());
  return match?.[1] ? match[1].split('.').map(Number) : null;
}

function withinBounds(rule: DistroRule, versionId: string): boolean {
  if (rule.versionFrom === undefined && rule.versionThrough === undefined) return true;
  const version = versionParts(versionId);
  if (!version) return false;
  const from = rule.versionFrom === undefined ? null : versionParts(rule.versionFrom);
  const through = rule.versionThrough === undefined ? null : versionParts(rule.versionThrough);
  if (from && compareVersions(version, from) < 0) return false;
  // "7" takes 7.9: compare only as many parts as the bound names.
  return !through || compareVersions(version.slice(0, through.length), through) <= 0;
}

/** The first "known to work" rule the host meets, or null. */
export function matchingDistribution(rules: readonly DistroRule[], os: OsRelease): DistroRule | null {
  return (
    rules.find(
      (rule) =>
        (rule.ids.includes(os.id) || (rule.idLike ?? []).some((like) => os.idLike.includes(like))) &&
        (rule.variantId === undefined || os.fields.VARIANT_ID === rule.variantId) &&
        withinBounds(rule, os.versionId),
    ) ?? null
  );
}

/** broken: does not work; tested: pass; may-work: the page's "may work"; untested: neither, e.g. newer than tested. */
export type KubernetesStanding = 'broken' | 'tested' | 'may-work' | 'untested';

export function kubernetesStanding(support: KubernetesSupport, minor: number): KubernetesStanding {
  const inRange = (range: { from: number; through: number } | null) => range !== null && minor >= range.from && minor <= range.through;
  if (support.brokenAtOrBelow !== null && minor <= support.brokenAtOrBelow) return 'broken';
  if (inRange(support.tested)) return 'tested';
  return inRange(support.mayWork) ? 'may-work' : 'untested';
}
