/**
 * One audit, end to end: plan the targets, run them through the runner (judging each host
 * as it arrives and streaming it to --jsonl), judge the fleet, apply waivers. I/O stays at
 * the edges (the runner's connections, the jsonl file); the CLI decides what to print.
 */
import os from 'node:os';
import type { AuditResult, HostResult, ShardRecord } from '../core/result.js';
import { profileFor, resolveSettings, type WaiverOutcome } from '../checks/index.js';
import type { Inventory } from '../inventory/index.js';
import { hostSetOf } from '../inventory/index.js';
import { runAudit, type Connector, type JsonlWriter, type RunOptions } from '../runner/index.js';
import { toolVersion } from '../core/version.js';
import { judgeFleet, judgeHost, waive, type WaiverInputs } from './judge.js';
import { agreedCalicoVersion, planTargets, type PlannedTarget, type PlanInputs } from './plan.js';
import { fleetDigests, keyOfTarget, shardOf, type ShardSpec } from './shard.js';

export interface AuditInputs extends PlanInputs {
  inventory: Inventory;
  connector: Connector;
  run: Omit<RunOptions, 'connector' | 'onHostResult'>;
  waivers: Omit<WaiverInputs, 'resolvePattern'>;
  jsonl?: JsonlWriter;
  argv: string[];
  /** Audit only this part of the limited hosts (`--shard I/N`). */
  shard?: ShardSpec;
}

export async function auditFleet(inputs: AuditInputs): Promise<WaiverOutcome> {
  const fleet = planTargets(inputs);
  // Every shard judges by the release the whole fleet agrees on.
  const profile = profileFor(agreedCalicoVersion(fleet, inputs.settings));
  const targets = inputs.shard ? shardOf(fleet, inputs.shard) : fleet;
  const sourcesOf = new Map(targets.map((target) => [target.name, target.settingsSources]));
  const finish = (host: HostResult): HostResult => {
    const sources = sourcesOf.get(host.name);
    if (sources) host.settingsSources = sources;
    return judgeHost(host);
  };
  const startedAt = new Date().toISOString();
  const hosts: HostResult[] = await runAudit(targets, {
    ...inputs.run,
    ...(inputs.shard ? { peerRing: fleet } : {}),
    connector: inputs.connector,
    onHostResult: (host) => {
      finish(host);
      inputs.jsonl?.write(host);
    },
  });
  const result: AuditResult = {
    tool: { name: 'calico-preflight', version: toolVersion() },
    startedAt,
    finishedAt: new Date().toISOString(),
    run: {
      user: os.userInfo().username,
      auditor: os.hostname(),
      inventories: [...inputs.inventory.sources],
      ...(inputs.limit ? { limit: inputs.limit } : {}),
      argv: inputs.argv,
    },
    settings: resolveSettings({}, inputs.settings).settings,
    profile: { version: profile.version, requirementsUrl: profile.requirementsUrl },
    hosts,
    fleet: judgeFleet(hosts),
  };
  const resolvePattern = cachedPatterns((pattern) => hostSetOf(inputs.inventory, pattern));
  const outcome = waive(result, { ...inputs.waivers, resolvePattern });
  if (inputs.shard) outcome.result.run.shard = shardRecord(inputs.shard, fleet, inputs, resolvePattern);
  return outcome;
}

function cachedPatterns(resolve: (pattern: string) => Set<string>): (pattern: string) => Set<string> {
  const cache = new Map<string, Set<string>>();
  return (pattern) => {
    let hosts = cache.get(pattern);
    if (!hosts) cache.set(pattern, (hosts = resolve(pattern)));
    return hosts;
  };
}

function shardRecord(shard: ShardSpec, fleet: PlannedTarget[], inputs: AuditInputs, resolvePattern: (pattern: string) => Set<string>): ShardRecord {
  const digests = fleetDigests(fleet.map(keyOfTarget));
  return {
    index: shard.index,
    count: shard.count,
    fleetHosts: fleet.length,
    hostsDigest: digests.hosts,
    settingsDigest: digests.settings,
    become: inputs.run.become === true,
    skip: inputs.waivers.skip,
    waivers: inputs.waivers.waivers.map((waiver) => {
      const selected = resolvePattern(waiver.hosts);
      return { ...waiver, matches: fleet.filter((target) => selected.has(target.name)).map((target) => target.name) };
    }),
  };
}
