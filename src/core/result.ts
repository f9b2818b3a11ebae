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
  };
  settings: AuditSettings;
  /** Absent from results written before requirement profiles existed: they were judged against v3.22. */
  profile?: CalicoProfile;
  hosts: HostResult[];
  fleet: FleetFinding[];
}
