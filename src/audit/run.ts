/**
 * One audit, end to end: plan the targets, run them through the runner (judging each host
 * as it arrives and streaming it to --jsonl), judge the fleet, apply waivers. I/O stays at
 * the edges (the runner's connections, the jsonl file); the CLI decides what to print.
 */
import os from 'node:os';
import type { AuditResult, HostResult } from '../core/result.js';
import { profileFor, resolveSettings, type WaiverOutcome } from '../checks/index.js';
import type { Inventory } from '../inventory/index.js';
import { hostSetOf } from '../inventory/index.js';
import { runAudit, type Connector, type JsonlWriter, type RunOptions } from '../runner/index.js';
import { toolVersion } from '../core/version.js';
import { judgeFleet, judgeHost, waive, type WaiverInputs } from './judge.js';
import { agreedCalicoVersion, planTargets, type PlanInputs } from './plan.js';

export interface AuditInputs extends PlanInputs {
  inventory: Inventory;
  connector: Connector;
  run: Omit<RunOptions, 'connector' | 'onHostResult'>;
  waivers: Omit<WaiverInputs, 'resolvePattern'>;
  jsonl?: JsonlWriter;
  argv: string[];
}

export async function auditFleet(inputs: AuditInputs): Promise<WaiverOutcome> {
  const targets = planTargets(inputs);
  const profile = profileFor(agreedCalicoVersion(targets, inputs.settings));
  const sourcesOf = new Map(targets.map((target) => [target.name, target.settingsSources]));
  const finish = (host: HostResult): HostResult => {
    const sources = sourcesOf.get(host.name);
    if (sources) host.settingsSources = sources;
    return judgeHost(host);
  };
  const startedAt = new Date().toISOString();
  const hosts: HostResult[] = await runAudit(targets, {
    ...inputs.run,
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
  return waive(result, { ...inputs.waivers, resolvePattern: (pattern) => hostSetOf(inputs.inventory, pattern) });
}
