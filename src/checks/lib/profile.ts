/**
 * Which requirement profile (src/checks/profiles) a host's settings ask for, and the links
 * into that release's documentation the checks cite.
 */
import type { AuditSettings } from '../../core/settings.js';
import { DEFAULT_PROFILE, profileFor, type RequirementProfile } from '../profiles/index.js';

/** The seed page's profile: what settings without a Calico version are judged against. */
export const SEED_PROFILE = profileFor(DEFAULT_PROFILE);

/** The profile of these settings (resolved settings hold a known release line, or none for the default). */
export function profileOf(settings: Pick<AuditSettings, 'calicoVersion'>): RequirementProfile {
  return profileFor(settings.calicoVersion ?? DEFAULT_PROFILE);
}

/** "Calico v3.28". */
export function calicoRelease(profile: RequirementProfile): string {
  return `Calico v${profile.version}`;
}

const REQUIREMENTS_PATH = 'getting-started/kubernetes/requirements';

/** Pages the checks cite besides the requirements page, in the v3.22 archive's layout and in docs.tigera.io's. */
const PAGES = {
  ebpf: { archive: 'maintenance/ebpf/enabling-bpf', current: 'operations/ebpf/enabling-ebpf' },
  mtu: { archive: 'networking/mtu', current: 'networking/configuring/mtu' },
  troubleshooting: { archive: 'maintenance/troubleshoot/troubleshooting', current: 'operations/troubleshoot/troubleshooting' },
  publicCloud: { archive: 'reference/public-cloud', current: 'reference/public-cloud' },
} as const;

export type DocsPage = keyof typeof PAGES;

/** The release's docs root: its requirements page's URL without the page's path. */
function docsRoot(profile: RequirementProfile): { root: string; archive: boolean } {
  if (!profile.requirementsUrl.endsWith(REQUIREMENTS_PATH)) throw new Error(`profile ${profile.version}: requirementsUrl does not end in ${REQUIREMENTS_PATH}`);
  const root = profile.requirementsUrl.slice(0, -REQUIREMENTS_PATH.length);
  return { root, archive: root.includes('/archive/') };
}

/** An anchor of the release's requirements page; the anchors of the v3.22 page exist on the later pages too. */
export function requirementsAnchor(profile: RequirementProfile, anchor: string): string {
  return `${profile.requirementsUrl}#${anchor}`;
}

/** Another page of the release's documentation. */
export function docsPage(profile: RequirementProfile, page: DocsPage, anchor?: string): string {
  const { root, archive } = docsRoot(profile);
  return `${root}${archive ? PAGES[page].archive : PAGES[page].current}${anchor ? `#${anchor}` : ''}`;
}

const TIGERA_DOCS_FILE = /tigera\/docs:calico_versioned_docs\/version-[\d.]+\/([\w/.-]+?)(?:\/index)?\.mdx@/;

/**
 * The application layer policy page: the requirements page's section where the page has one
 * (v3.22), else the page the profile's ALP facts come from, on this release's docs site.
 */
export function alpPage(profile: RequirementProfile): string {
  const path = TIGERA_DOCS_FILE.exec(profile.applicationLayerPolicy.source)?.[1];
  const { root, archive } = docsRoot(profile);
  return archive || !path ? requirementsAnchor(profile, 'application-layer-policy-requirements') : `${root}${path}`;
}
