/**
 * Reads a saved `audit --json` result back (plain or gzipped, as a large mailed one is),
 * refusing anything that is not one in one sentence.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { AuditResult } from '../core/result.js';
import { UserError } from '../core/errors.js';
import { HOST_STATUS_TEXT, STATUS_ORDER } from './status.js';

const CHECK_STATUSES: ReadonlySet<unknown> = new Set(STATUS_ORDER);
const HOST_STATUSES: ReadonlySet<unknown> = new Set(['ok', ...Object.keys(HOST_STATUS_TEXT)]);

export function loadResult(path: string): AuditResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const text = isGzip(bytes) ? gunzip(path, bytes) : bytes.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${path} is not JSON; expected a result written by "calico-preflight audit --json"`);
  }
  const problem = shapeProblem(data);
  if (problem) throw new UserError(`${path} is not a calico-preflight result: ${problem}`);
  return data as AuditResult;
}

function isGzip(bytes: Buffer): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(path: string, bytes: Buffer): string {
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (error) {
    throw new UserError(`${path} looks gzipped but does not unpack: ${(error as Error).message}`);
  }
}

/** The first thing that makes `data` unusable as an AuditResult, or undefined. */
function shapeProblem(data: unknown): string | undefined {
  if (!isObject(data)) return 'the top level is not an object';
  if (!isObject(data.tool) || typeof data.tool.name !== 'string') return 'it has no "tool" name';
  if (typeof data.startedAt !== 'string' || typeof data.finishedAt !== 'string') return 'it has no "startedAt"/"finishedAt" times';
  if (!isObject(data.run) || !Array.isArray(data.run.inventories) || !Array.isArray(data.run.argv)) return 'it has no "run" record';
  const shard = data.run.shard;
  if (shard !== undefined && !isShardRecord(shard)) return 'its "run.shard" record is malformed';
  if (!isObject(data.settings)) return 'it has no "settings"';
  if (!Array.isArray(data.hosts)) return 'it has no "hosts" list';
  for (const [index, host] of data.hosts.entries()) {
    if (!isObject(host) || typeof host.name !== 'string' || !HOST_STATUSES.has(host.status)) {
      return `host ${index + 1} has no name or no known status`;
    }
    if (!Array.isArray(host.findings) || !host.findings.every(isFinding)) return `host ${host.name} has malformed findings`;
    if (!isObject(host.timings) || typeof host.timings.totalMs !== 'number') return `host ${host.name} has no timings`;
  }
  if (!Array.isArray(data.fleet) || !data.fleet.every((f) => isFinding(f) && Array.isArray((f as { hosts?: unknown }).hosts))) {
    return 'its "fleet" findings are missing or malformed';
  }
  return undefined;
}

function isShardRecord(value: unknown): boolean {
  return (
    isObject(value) &&
    ['index', 'count', 'fleetHosts'].every((key) => Number.isInteger(value[key])) &&
    typeof value.hostsDigest === 'string' &&
    typeof value.settingsDigest === 'string' &&
    typeof value.become === 'boolean' &&
    Array.isArray(value.skip) &&
    Array.isArray(value.waivers) &&
    value.waivers.every((waiver) => isObject(waiver) && typeof waiver.hosts === 'string' && Array.isArray(waiver.matches))
  );
}

function isFinding(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.check === 'string' &&
    CHECK_STATUSES.has(value.status) &&
    typeof value.summary === 'string' &&
    Array.isArray(value.evidence)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
