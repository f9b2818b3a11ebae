import type { OsRelease } from '../../core/facts.js';
import type { HostCheck } from '../types.js';
import { docUrl, evidence, pass, unknownFromFact, warn } from '../lib/verdict.js';

const TESTED = 'RHEL 7, CentOS 7, CoreOS Container Linux stable, Ubuntu 16.04, Debian 8';

/** The tested list, by os-release ID. Flatcar (ID_LIKE=coreos) is CoreOS Container Linux's successor. */
function testedAs(os: OsRelease): string | null {
  const major = os.versionId.split('.')[0];
  if (os.id === 'rhel' && major === '7') return 'RHEL 7';
  if (os.id === 'centos' && major === '7') return 'CentOS 7';
  if (os.id === 'coreos') return 'CoreOS Container Linux';
  if (os.id === 'flatcar' || os.idLike.includes('coreos')) return 'Flatcar Container Linux (successor of CoreOS Container Linux)';
  if (os.id === 'ubuntu' && os.versionId === '16.04') return 'Ubuntu 16.04';
  if (os.id === 'debian' && major === '8') return 'Debian 8';
  return null;
}

export const nodeDistro: HostCheck = {
  id: 'node.distro',
  scope: 'host',
  needs: { facts: ['os'] },
  title: 'Linux distribution',
  requirement: `A distribution known to work with Calico v3.22: ${TESTED}.`,
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  evaluate(facts) {
    if (!facts.os.ok) return unknownFromFact('the distribution', facts.os, 'Check that /etc/os-release or /usr/lib/os-release exists and is readable.');
    const os = facts.os.value;
    const name = os.prettyName || `${os.id || 'linux'} ${os.versionId}`.trim();
    const seen = [evidence(`ID=${os.id || '(none)'} VERSION_ID=${os.versionId || '(none)'}${os.idLike.length ? ` ID_LIKE="${os.idLike.join(' ')}"` : ''} (${name})`, facts.os.source)];
    const tested = testedAs(os);
    if (tested) return pass(`${name} is on the tested list as ${tested}.`, seen);
    return warn(
      `${name} is not on Calico v3.22's tested list (${TESTED}); it may work but was not tested.`,
      seen,
      'Nothing to change if you accept the risk: make sure node.kernel and node.kernel-deps pass, or use a tested distribution. Waive this check once reviewed.',
    );
  },
};
