import type { HostCheck } from '../types.js';
import { docUrl, evidence, fail, pass, unknown, unknownFromFact } from '../lib/verdict.js';

const KEY = 'net.ipv4.conf.all.rp_filter';
const SYSCTL_FILE = '/etc/sysctl.d/90-calico-rp-filter.conf';

export const nodeRpFilter: HostCheck = {
  id: 'node.rp-filter',
  scope: 'host',
  title: 'Reverse path filtering',
  requirement: 'net.ipv4.conf.all.rp_filter is 0 or 1: Felix refuses to start with loose mode (2).',
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  evaluate(facts) {
    if (!facts.sysctl.ok) return unknownFromFact(KEY, facts.sysctl, `Check that /proc/sys/net/ipv4/conf/all/rp_filter is readable.`);
    const value = facts.sysctl.value[KEY];
    if (value === undefined) {
      return unknown(`${KEY} was not read.`, [evidence(`${KEY}: absent`, facts.sysctl.source)], 'Check that /proc/sys/net/ipv4/conf/all/rp_filter exists on the host.');
    }
    const seen = [evidence(`${KEY} = ${value}`, facts.sysctl.source)];
    if (value === '0' || value === '1') return pass(`${KEY} is ${value}.`, seen);
    if (value === '2') {
      return fail(
        `${KEY} is 2 (loose): Felix refuses to start.`,
        seen,
        `sysctl -w ${KEY}=1 && echo '${KEY} = 1' > ${SYSCTL_FILE}`,
        [{ kind: 'sysctl', key: KEY, value: '1', file: SYSCTL_FILE }],
      );
    }
    return unknown(`${KEY} has the unexpected value "${value}".`, seen, 'Read /proc/sys/net/ipv4/conf/all/rp_filter on the host by hand.');
  },
};
