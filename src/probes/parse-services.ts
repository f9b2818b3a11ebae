/**
 * Service states: `systemctl is-active` when systemd answers; otherwise the process list
 * for daemons, and unit files / init scripts to tell "not installed" from "cannot tell".
 * Never "inactive" without proof: a oneshot unit (ufw, iptables) leaves no process. The proof
 * for one is a machine not booted with systemd (sd_booted(3): no /run/systemd/system), whose
 * units never start, where no init script of the same name could have run instead.
 */
import type { Fact, ServiceInfo } from '../core/facts.js';
import { found, missing } from './fact.js';
import type { ProbeOutput } from './probe-output.js';
import { parseSystemctlIsActive } from './parsers/systemctl.js';
import { parseProcessList, parseUnitFiles } from './parsers/process-list.js';
import { SECTION } from './section-ids.js';
import { UFW_CONF, UNIT_DAEMONS } from './lists.js';


export function parseServices(out: ProbeOutput): Fact<Record<string, ServiceInfo>> {
  const systemctl = out.get(SECTION.systemctl);
  const states = systemctl ? parseSystemctlIsActive(systemctl.stdout, out.units) : null;
  if (states) {
    const services: Record<string, ServiceInfo> = {};
    for (const [unit, state] of Object.entries(states)) services[unit] = { state, method: 'systemctl' };
    // ufw.service stays "active" after ufw-init found ENABLED=no; the switch is the file.
    if (services.ufw?.state === 'active' && ufwState(out, true) === 'inactive') services.ufw = { state: 'inactive', method: 'systemctl' };
    return found(services, `systemctl is-active ${out.units.join(' ')}`);
  }
  const ps = out.get(SECTION.ps);
  if (!ps) return missing('systemctl is-active; /proc/*/comm', out.absent('neither systemctl nor the process list answered'));
  const list = parseProcessList(ps.stdout);
  const units = parseUnitFiles(out.get(SECTION.units)?.stdout ?? '');
  const running = new Set(list.processes.map((p) => p.comm));
  const seesAll = list.init !== null; // hidepid hides PID 1 from other users
  const neverStarted = (unit: string) => !units.systemdBooted && !units.initScripts.has(unit);
  const services: Record<string, ServiceInfo> = {};
  for (const unit of out.units) {
    const daemon = UNIT_DAEMONS[unit];
    if (daemon?.some((name) => running.has(name))) services[unit] = { state: 'active', method: 'process' };
    else if (unit === 'ufw') services[unit] = { state: ufwState(out, units.units.has(unit)), method: 'process' };
    else if (daemon && seesAll) services[unit] = { state: units.units.has(unit) ? 'inactive' : 'not-found', method: 'process' };
    else if (units.units.has(unit) && neverStarted(unit)) services[unit] = { state: 'inactive', method: 'process' };
    else services[unit] = { state: units.units.has(unit) ? 'unknown' : 'not-found', method: 'process' };
  }
  const why = [
    systemctl ? `systemctl did not answer (${systemctl.stdout.split('\n')[0]?.trim() ?? ''})` : 'no systemctl',
    ...(units.systemdBooted ? [] : ['not booted with systemd: no /run/systemd/system']),
  ].join('; ');
  return found(services, `process list /proc/*/comm and unit files (${why})`);
}

/** ufw is a oneshot: its switch is ENABLED= in /etc/ufw/ufw.conf. */
function ufwState(out: ProbeOutput, installed: boolean): ServiceInfo['state'] {
  const conf = out.file(UFW_CONF);
  if (conf === undefined) return installed ? 'unknown' : 'not-found';
  const enabled = /^\s*ENABLED\s*=\s*"?(\w+)"?/m.exec(conf)?.[1]?.toLowerCase();
  return enabled === 'yes' ? 'active' : enabled === 'no' ? 'inactive' : 'unknown';
}
