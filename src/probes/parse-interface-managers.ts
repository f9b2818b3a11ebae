/** systemd-networkd's .network files in the order it tries them, and wicked's Calico-named ifcfg files. */
import type { Fact, InterfaceManagers } from '../core/facts.js';
import { found, missing } from './fact.js';
import type { ProbeOutput } from './probe-output.js';
import { parseNetworkFile } from './parsers/networkd.js';
import { NETWORKD_DIRS } from './lists.js';
import { SECTION_PREFIX } from './section-ids.js';

const WICKED_DIR = '/etc/sysconfig/network/';

/**
 * systemd.network(5): files of every directory sort together by name and the first that
 * matches a link wins; a name in /etc hides it in /run, which hides it in /usr/lib.
 */
export function parseInterfaceManagers(out: ProbeOutput): Fact<InterfaceManagers> {
  if (!out.complete) return missing(NETWORKD_DIRS.join(', '), out.absent('the networkd files were not read'));
  const byName = new Map<string, string>();
  for (const dir of [...NETWORKD_DIRS].reverse()) {
    for (const path of out.filesUnder(dir)) if (path.endsWith('.network')) byName.set(path.slice(dir.length), path);
    for (const id of out.ids(`${SECTION_PREFIX.rootFile}${dir}`)) {
      const path = id.slice(SECTION_PREFIX.rootFile.length);
      if (path.endsWith('.network')) byName.set(path.slice(dir.length), path);
    }
  }
  const unreadable: string[] = [];
  const networkd = [...byName.keys()].sort().flatMap((name) => {
    const path = byName.get(name)!;
    const text = out.file(path) ?? out.ok(`${SECTION_PREFIX.rootFile}${path}`);
    if (text === undefined) unreadable.push(path);
    return text === undefined ? [] : [parseNetworkFile(path, text)];
  });
  if (unreadable.length > 0) return missing(unreadable.join(', '), `${unreadable.join(', ')} could not be read: needs root, re-run with --become`);
  const wickedIfcfg = out.filesUnder(WICKED_DIR).filter((path) => path.startsWith(`${WICKED_DIR}ifcfg-`));
  return found({ networkd, wickedIfcfg }, `${NETWORKD_DIRS.map((dir) => `${dir}*.network`).join(', ')}; ${WICKED_DIR}ifcfg-<Calico interface>`);
}
