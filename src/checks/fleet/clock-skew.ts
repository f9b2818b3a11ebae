import type { FleetCheck } from '../types.js';
import { fleetVerdict, hostEvidence, hostList, missingFrom, noMembers, type FleetVerdict } from '../lib/fleet.js';
import { docUrl } from '../lib/verdict.js';

/** etcd's leases and TLS validity care about seconds; probe latency adds well under one. */
export const SKEW_WARN_MS = 2_000;
export const SKEW_FAIL_MS = 5_000;

const FIX = 'Enable time synchronisation on these hosts: timedatectl set-ntp true (systemd-timesyncd), or systemctl enable --now chronyd (or ntpd).';

export const fleetClockSkew: FleetCheck = {
  id: 'fleet.clock-skew',
  scope: 'fleet',
  title: 'Clocks in sync',
  requirement: "Host clocks are within a few seconds of the auditor's: etcd and TLS depend on it.",
  section: 'Across the fleet',
  docUrl: docUrl('keyvalue-store'),
  evaluate(members) {
    if (members.length === 0) return noMembers();
    const measured = members.flatMap((member) => {
      const clock = member.facts.clock;
      if (!clock.ok) return [];
      const skewMs = clock.value.hostEpochMs - clock.value.auditorEpochMs;
      return [{ member, skewMs, evidence: hostEvidence(member, `clock ${skewMs >= 0 ? '+' : ''}${(skewMs / 1000).toFixed(1)} s from the auditor's`, clock.source) }];
    });
    const findings: FleetVerdict[] = [];
    const band = (test: (skew: number) => boolean) => measured.filter((entry) => test(Math.abs(entry.skewMs)));
    const far = band((skew) => skew > SKEW_FAIL_MS);
    const near = band((skew) => skew > SKEW_WARN_MS && skew <= SKEW_FAIL_MS);
    const names = (entries: typeof measured) => entries.map((entry) => entry.member.name);
    if (far.length) findings.push(fleetVerdict('fail', `Clock off by more than ${SKEW_FAIL_MS / 1000} s on ${hostList(names(far), ', ')}.`, names(far), far.map((entry) => entry.evidence), FIX));
    if (near.length) findings.push(fleetVerdict('warn', `Clock off by ${SKEW_WARN_MS / 1000}–${SKEW_FAIL_MS / 1000} s on ${hostList(names(near), ', ')}.`, names(near), near.map((entry) => entry.evidence), FIX));
    findings.push(...missingFrom(members, (member) => member.facts.clock, 'clock', 'Check that `date +%s` works on these hosts.'));
    if (findings.length === 0) {
      findings.push(fleetVerdict('pass', `All ${measured.length} clocks are within ${SKEW_WARN_MS / 1000} s of the auditor's.`, names(measured), measured.map((entry) => entry.evidence)));
    }
    return findings;
  },
};
