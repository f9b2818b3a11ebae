import type { HostClock } from '../../core/facts.js';
import type { FleetCheck } from '../types.js';
import { fleetVerdict, hostEvidence, hostList, missingFrom, noMembers, type FleetVerdict } from '../lib/fleet.js';
import { docUrl } from '../lib/verdict.js';

/** etcd's leases and TLS validity care about seconds. */
export const SKEW_WARN_MS = 2_000;
export const SKEW_FAIL_MS = 5_000;

const FIX = 'Enable time synchronisation on these hosts: timedatectl set-ntp true (systemd-timesyncd), or systemctl enable --now chronyd (or ntpd).';
const SLOW_FIX =
  'Re-run when logins to these hosts are quick (a slow login shell, PAM session or profile script widens the window), or compare `date +%s.%N` on the host with an NTP server by hand.';

/**
 * The host read its clock somewhere between our sending the command and its answer
 * arriving: judged against the middle of that window, give or take half of it.
 */
interface Skew {
  skewMs: number;
  uncertaintyMs: number;
  /** The smallest and largest skew the window allows (absolute values). */
  leastMs: number;
  mostMs: number;
}

function skewOf(clock: HostClock): Skew {
  const midpoint = (clock.sentEpochMs + clock.receivedEpochMs) / 2;
  const skewMs = clock.hostEpochMs - midpoint;
  const uncertaintyMs = Math.max(0, clock.receivedEpochMs - clock.sentEpochMs) / 2;
  return { skewMs, uncertaintyMs, leastMs: Math.max(0, Math.abs(skewMs) - uncertaintyMs), mostMs: Math.abs(skewMs) + uncertaintyMs };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export const fleetClockSkew: FleetCheck = {
  id: 'fleet.clock-skew',
  scope: 'fleet',
  needs: { facts: ['clock'] },
  title: 'Clocks in sync',
  requirement: "Host clocks are within a few seconds of the auditor's: etcd and TLS depend on it.",
  section: 'Across the fleet',
  docUrl: docUrl('keyvalue-store'),
  notes:
    "Not in the seed spec's measurement: the host's clock is compared with the middle of the window in which it was read " +
    '(from sending the command to the arrival of the clock reading), give or take half that window, so login and shell ' +
    'start-up latency no longer count as skew. A host fails or warns only when even the smallest skew the window allows is ' +
    'over the limit, and is unknown when the window is too wide to rule out a failing skew.',
  evaluate(members) {
    if (members.length === 0) return noMembers();
    const measured = members.flatMap((member) => {
      const clock = member.facts.clock;
      if (!clock.ok) return [];
      const skew = skewOf(clock.value);
      const fact = `clock ${skew.skewMs >= 0 ? '+' : '-'}${seconds(Math.abs(skew.skewMs))} s ± ${seconds(skew.uncertaintyMs)} s from the auditor's (round trip ${seconds(2 * skew.uncertaintyMs)} s)`;
      return [{ member, skew, evidence: hostEvidence(member, fact, clock.source) }];
    });
    const findings: FleetVerdict[] = [];
    const names = (entries: typeof measured) => entries.map((entry) => entry.member.name);
    const far = measured.filter((entry) => entry.skew.leastMs > SKEW_FAIL_MS);
    const near = measured.filter((entry) => entry.skew.leastMs > SKEW_WARN_MS && entry.skew.leastMs <= SKEW_FAIL_MS);
    const blurred = measured.filter((entry) => entry.skew.leastMs <= SKEW_WARN_MS && entry.skew.mostMs > SKEW_FAIL_MS);
    if (far.length) findings.push(fleetVerdict('fail', `Clock off by more than ${SKEW_FAIL_MS / 1000} s on ${hostList(names(far), ', ')}.`, names(far), far.map((entry) => entry.evidence), FIX));
    if (near.length) findings.push(fleetVerdict('warn', `Clock off by ${SKEW_WARN_MS / 1000}–${SKEW_FAIL_MS / 1000} s on ${hostList(names(near), ', ')}.`, names(near), near.map((entry) => entry.evidence), FIX));
    if (blurred.length) {
      findings.push(
        fleetVerdict('unknown', `The round trip to ${hostList(names(blurred), ', ')} was too slow to tell whether the clock is within ${SKEW_FAIL_MS / 1000} s.`, names(blurred), blurred.map((entry) => entry.evidence), SLOW_FIX),
      );
    }
    findings.push(...missingFrom(members, (member) => member.facts.clock, 'clock', 'Check that `date +%s` works on these hosts.'));
    if (findings.length === 0) {
      findings.push(fleetVerdict('pass', `All ${measured.length} clocks are within ${SKEW_WARN_MS / 1000} s of the auditor's, allowing for each round trip.`, names(measured), measured.map((entry) => entry.evidence)));
    }
    return findings;
  },
};
