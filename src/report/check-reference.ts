/**
 * The check reference, written from the catalogue (`npm run docs` puts it in docs/checks.md
 * and README.md; `calico-preflight checks --markdown` prints it): what each check requires,
 * what it reads from a host, and where its verdict departs from the seed specification the
 * project started from (the Calico v3.22 requirements page and its check list), with why.
 */
import type { Check } from '../checks/types.js';

const FACT_LABELS: Record<string, string> = {
  uname: 'uname', procVersion: '/proc/version', os: 'os-release', hostname: 'hostname', clock: 'clock', kernel: 'kernel modules and config',
  services: 'services', networkManagerConfig: 'NetworkManager configuration', privileges: 'privileges', sysctl: 'sysctls', bpfFsMounted: 'BPF filesystem',
  listeners: 'listening sockets', interfaces: 'interfaces', routes: 'routes', kubelet: 'kubelet', kubeProxy: 'kube-proxy', cni: 'CNI configuration',
  firewall: 'firewall rules', connectivity: 'TCP connects', kubeCluster: 'cluster configuration', onlineCpus: 'CPUs', platform: 'platform (DMI)',
  interfaceManagers: 'systemd-networkd and wicked configuration',
};

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function reads(check: Check): string {
  const { facts, sysctls, units } = check.needs;
  const parts = facts.map((fact) => FACT_LABELS[fact] ?? fact);
  if (sysctls?.length) parts.push(`sysctls ${sysctls.map((key) => `\`${key}\``).join(', ')}`);
  if (units?.length) parts.push(`units ${units.map((unit) => `\`${unit}\``).join(', ')}`);
  return parts.join('; ');
}

/** docs/checks.md: every check, in report order. */
export function checkReferenceMarkdown(checks: readonly Check[]): string {
  const lines = [
    '# Check reference',
    '',
    'Written by `npm run docs` from the check catalogue (`src/checks/catalogue.ts`); `calico-preflight checks --markdown` prints the same.',
    'Check ids are interface: `--skip`, waivers and CI gates name them.',
    '',
    '| id | title | scope | section |',
    '|---|---|---|---|',
    ...checks.map((check) => `| [\`${check.id}\`](#${check.id.replaceAll('.', '')}) | ${cell(check.title)} | ${check.scope} | ${cell(check.section)} |`),
  ];
  for (const check of checks) {
    lines.push('', `## ${check.id}`, '', `**${check.title}** (${check.scope} check, ${check.section}). ${check.requirement}`, '', `- Reads: ${reads(check)}.`, `- Calico's page: <${check.docUrl}>`);
    if (check.notes) lines.push(`- Departs from the seed specification: ${check.notes}`);
  }
  return `${lines.join('\n')}\n`;
}

/** README.md's part: the checks whose verdicts depart from the seed specification, and why. */
export function departuresMarkdown(checks: readonly Check[]): string {
  return checks
    .filter((check) => check.notes)
    .map((check) => `- **\`${check.id}\`** (${check.title}): ${check.notes}`)
    .join('\n');
}
