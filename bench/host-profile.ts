/**
 * `--host-profile`: where the hosts' CPU goes. Each part of the probe script runs alone on
 * every host through our client, at the same parallelism as the audit, and the fleet's cgroup
 * says what it cost per host; the difference to `true` is the part's own price (under the
 * same load, so with as many processes around as during a real run).
 */
import type { Fleet } from '../test/fleet/index.js';
import { loadDist, type Runner } from './dist.js';
import { throughOurClient, type RunContext, type Tool } from './tools.js';

interface Part {
  id: string;
  label: string;
  command: (ctx: RunContext) => string;
}

/** The units the probe script asks systemctl about. */
const SERVICE_UNITS = (await loadDist<Runner>('runner/index.js')).catalogueProbeRequest().units;

function peerAddresses(fleet: Fleet): string[] {
  return fleet.hosts.slice(1, 4).map((h) => h.address);
}

/** `timeout 2 bash /dev/tcp` per peer, in parallel, as the probe script tests BGP reachability. */
function peerConnects(fleet: Fleet): string {
  return `${peerAddresses(fleet).map((a) => `timeout 2 bash -c "exec 3<>/dev/tcp/${a}/179" 2>/dev/null &`).join(' ')} wait`;
}

/** The same connects from ONE bash under one timeout: subshells fork, nothing is exec'd again. */
function peerConnectsOneBash(fleet: Fleet): string {
  return `timeout 2 bash -c 'for a in ${peerAddresses(fleet).join(' ')}; do (exec 3<>/dev/tcp/$a/179) 2>/dev/null & done; wait'`;
}

/** Files the probe reads whole or filtered on the benchmark's hosts (this machine). */
const READ_FILES = '/proc/self/status /proc/1/status /usr/lib/os-release /proc/mounts /proc/net/ipv6_route /proc/net/route /usr/lib/systemd/network/*.network';

const PARTS: Part[] = [
  { id: 'true', label: 'true (login + exec only)', command: () => 'true' },
  { id: 'probe', label: 'whole probe command', command: (ctx) => ctx.probeCommand },
  { id: 'launcher', label: 'launcher: sh -c, timeout 90 sh -c', command: () => `exec sh -c 'exec timeout 90 sh -c true'` },
  { id: 'connects', label: '3 peer connects (timeout + bash)', command: (ctx) => peerConnects(ctx.fleet) },
  { id: 'connects-one-bash', label: 'the same 3 connects from one bash', command: (ctx) => peerConnectsOneBash(ctx.fleet) },
  { id: 'ss-p', label: 'ss -ltnup', command: () => 'ss -ltnup >/dev/null 2>&1' },
  { id: 'ss', label: 'ss -ltnu (no process names)', command: () => 'ss -ltnu >/dev/null 2>&1' },
  { id: 'proc-walk', label: 'one walk over /proc/*/comm (sh read)', command: () => `sh -c 'for d in /proc/[0-9]*; do read -r c <"$d/comm"; done 2>/dev/null'` },
  { id: 'sh-reads', label: 'files read by sh (a byte per read)', command: () => `sh -c 'for f in ${READ_FILES}; do while IFS= read -r l; do :; done <"$f"; done 2>/dev/null'` },
  { id: 'awk-reads', label: 'the same files and /proc walk by one awk', command: () => `sh -c 'awk "BEGIN { for (i = 1; i < ARGC; i++) while ((getline l < ARGV[i]) > 0) n++ }" ${READ_FILES} /proc/[0-9]*/comm'` },
  { id: 'iptables', label: 'iptables-save; ip6tables-save | grep', command: () => '{ iptables-save; ip6tables-save; } 2>&1 | grep -c . >/dev/null' },
  { id: 'systemctl', label: `systemctl is-active (${SERVICE_UNITS.length} units)`, command: () => `systemctl is-active ${SERVICE_UNITS.join(' ')} >/dev/null 2>&1` },
  { id: 'kconfig', label: 'gzip -dc /proc/config.gz | grep', command: () => 'gzip -dc /proc/config.gz | grep -c CONFIG_ >/dev/null' },
  { id: 'uname-date-ip', label: 'uname; date; ip addr', command: () => 'uname -snrm; date +%s; ip addr show >/dev/null' },
];

export function hostProfileTools(): Tool[] {
  return PARTS.map((part) => throughOurClient(`host:${part.id}`, `host profile: ${part.label}`, part.command));
}
