/**
 * A check is data (id, title, the requirement it enforces and where that is written) plus
 * one pure function from facts to a verdict. Check ids are interface: users put them in
 * --skip lists, waivers and CI gates.
 */
import type { Evidence, FleetFinding, CheckStatus } from '../core/result.js';
import type { HostFacts } from '../core/facts.js';
import type { ProbeNeeds } from '../core/probe-needs.js';
import type { AuditSettings } from '../core/settings.js';
import type { Fix } from '../core/fix.js';
import type { RequirementProfile } from './profiles/types.js';

export interface CheckInfo {
  id: string;
  title: string;
  /** The requirement in one sentence, as the Calico v3.22 page (the default profile) states it. */
  requirement: string;
  /** Section of the Calico v3.22 "System requirements" page, e.g. "Node requirements". */
  section: string;
  /** Where the v3.22 documentation states it; see `describeCheck` for another profile's page. */
  docUrl: string;
  /** The requirement as another release's pages state it; absent where `requirement` holds for every profile. */
  requirementFor?(profile: RequirementProfile): string;
  /** The page of another release; absent where `docUrl` is an anchor of the requirements page, which every release has. */
  docUrlFor?(profile: RequirementProfile): string;
  /**
   * Where the verdict departs from the seed's requirement text (shared/spec/checks.md, the
   * v3.22 page) and why, citing the Calico source or the distribution facts that show it.
   * It goes into the generated check reference.
   */
  notes?: string;
}

/** What every check has beyond its description. */
interface Judged {
  /** What the probe must read for it (see src/core/probe-needs.ts). */
  needs: ProbeNeeds;
}

export interface Verdict {
  status: Exclude<CheckStatus, 'waived'>;
  summary: string;
  evidence: Evidence[];
  remediation?: string;
  /** What configuration would make the host pass, as data (see src/core/fix.ts); only on warn and fail. */
  fixes?: Fix[];
}

/** Where each setting came from (the host result's settingsSources): an explicit one from the default. */
export type SettingsSources = Partial<Record<keyof AuditSettings, string>>;

export interface HostCheck extends CheckInfo, Judged {
  scope: 'host';
  evaluate(facts: HostFacts, settings: AuditSettings, sources?: SettingsSources): Verdict;
}

/** What a fleet check sees of each reachable host. */
export interface FleetMember {
  name: string;
  address: string;
  facts: HostFacts;
  settings: AuditSettings;
}

export interface FleetCheck extends CheckInfo, Judged {
  scope: 'fleet';
  evaluate(members: FleetMember[]): Omit<FleetFinding, 'check'>[];
}

export type Check = HostCheck | FleetCheck;
