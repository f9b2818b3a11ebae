/**
 * The audit result contract. `audit --json` writes an AuditResult; `report` and `diff`
 * read it back, so every field here is JSON-serialisable and stays stable.
 */
import type { HostFacts, RawProbeOutput } from './facts.js';
import type { AuditSettings } from './settings.js';
import type { Fix } from './fix.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown' | 'skip' | 'waived';

/** How a host ended: `ok` when the probe script ran, else why it could not be audited. */
export type HostStatus =
  | 'ok'
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'auth-failed'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'become-failed'
  | 'error';

/** The fact a check saw and the command (or file) that showed it. */
export interface Evidence {
  fact: string;
  command: string;
}

export interface Waiver {
  reason: string;
  expires?: string;
  source: string; // "--skip" or "FILE:INDEX"
}

export interface Finding {
  check: string;
  status: CheckStatus;
  summary: string;
  evidence: Evidence[];
  remediation?: string;
  /** The remediation as data, for `calico-preflight fix` and the report's commands. */
  fixes?: Fix[];
  /** Set when status is `waived`: the status the check gave before the waiver. */
  waivedStatus?: Exclude<CheckStatus, 'waived'>;
  waiver?: Waiver;
}

export interface FleetFinding extends Finding {
  /** The hosts involved, e.g. both hosts sharing a hostname. */
  hosts: string[];
}

export type ConnectPhase = 'dns' | 'connect' | 'handshake' | 'auth' | 'become' | 'command' | 'total';

export interface HostTimings {
  connectMs?: number;
  handshakeMs?: number;
  execMs?: number;
  totalMs: number;
}

export interface HostResult {
  name: string;
  address: string;
  port: number;
  status: HostStatus;
  message?: string;
  /** For a status other than `ok`: the phase it failed in. */
  phase?: ConnectPhase;
  transport: 'ssh' | 'local';
  user?: string;
  via?: string; // jump host, when one was used
  timings: HostTimings;
  settings: AuditSettings;
  /** Where each setting came from: a flag, an inventory variable, or the default. */
  settingsSources?: Partial<Record<keyof AuditSettings, string>>;
  /** Raw probe sections as the host printed them (absent when unreachable). */
  raw?: Record<string, RawProbeOutput>;
  facts?: HostFacts;
  findings: Finding[];
}

/**
 * What a sharded audit records so `merge` can check that every shard comes from the same
 * fleet and settings, and re-judge the fleet-wide checks over all hosts with the same
 * --skip and waivers.
 */
export interface ShardRecord {
  /** 1-based. */
  index: number;
  count: number;
  /** Hosts in the whole limited list, before the split. */
  fleetHosts: number;
  /** sha256 of the whole limited list: each host's name, address, port and login user, in order. */
  hostsDigest: string;
  /** sha256 of every host's settings, in the same order. */
  settingsDigest: string;
  /** Whether root probes ran with sudo (`--become`). */
  become: boolean;
  skip: string[];
  waivers: RecordedWaiver[];
}

/** One entry of a waiver file (src/checks/waivers.ts reads them). */
export interface WaiverEntry {
  check: string;
  /** An inventory host pattern. */
  hosts: string;
  reason: string;
  /** YYYY-MM-DD, the last day the waiver applies. */
  expires?: string;
  file: string;
  line: number;
}

/** A waiver entry as a shard applied it, with the hosts of the whole limited list its pattern selects. */
export interface RecordedWaiver extends WaiverEntry {
  matches: string[];
}

export interface MergedShard {
  shard: string;
  user: string;
  auditor: string;
  startedAt: string;
  finishedAt: string;
  argv: string[];
}

/** The Calico release whose requirements an audit judged against (a requirement profile of src/checks/profiles). */
export interface CalicoProfile {
  /** Its release line, e.g. "3.28". */
  version: string;
  requirementsUrl: string;
}

export interface AuditResult {
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  /** Who ran it, from where, with what. */
  run: {
    user: string;
    auditor: string;
    inventories: string[];
    limit?: string;
    argv: string[];
    /** Set by `audit --shard I/N`: this result holds one part of the fleet. */
    shard?: ShardRecord;
    /** Set by `merge`: the shard results this one was joined from. */
    mergedFrom?: MergedShard[];
  };
  settings: AuditSettings;
  /** Absent from results written before requirement profiles existed: they were judged against v3.22. */
  profile?: CalicoProfile;
  hosts: HostResult[];
  fleet: FleetFinding[];
}
