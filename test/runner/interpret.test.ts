/**
 * From the probe command's bytes to a host outcome, on real output of the probe script run
 * on this machine (and cut short the ways a host can cut it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProbeCommand } from '../../src/probes/index.js';
import { clockWindow, interpretProbeOutput } from '../../src/runner/interpret.js';
import { LocalTransport, type ExecResult } from '../../src/transport/index.js';
import { catalogueProbeRequest } from '../../src/runner/index.js';

const nonce = 'CPFtest0123456789abcdef';
const run = { nonce, remoteTimeoutSec: 7 };
let full: ExecResult;

beforeAll(async () => {
  full = await new LocalTransport().exec(buildProbeCommand({ nonce, become: 'none', remoteTimeoutSec: 30, request: catalogueProbeRequest(), connectTargets: [] }), {
    timeoutMs: 30_000,
  });
});

/** The section naming the kernel: read from /proc/sys/kernel on Linux 6.1+, else from `uname`. */
const kernelIdentity = (stdout: Buffer): string => (stdout.includes(`${nonce} begin proc-uname\n`) ? 'proc-uname' : 'uname');

/** The output up to (not including) the line that opens section `id`. */
function cutBefore(stdout: Buffer, id: string): Buffer {
  const at = stdout.indexOf(`${nonce} begin ${id}\n`);
  if (at < 0) throw new Error(`no section ${id}`);
  return stdout.subarray(0, at);
}

describe('interpretProbeOutput', () => {
  it('turns a complete run into ok with sections and facts', () => {
    const outcome = interpretProbeOutput(full, run);
    expect(outcome.status).toBe('ok');
    expect(outcome.raw?.['end']).toBeDefined();
    expect(outcome.facts?.uname.ok).toBe(true);
  });

  it('calls output stopped by the remote `timeout` (status 124) a command timeout, keeping what came back', () => {
    const outcome = interpretProbeOutput({ ...full, stdout: cutBefore(full.stdout, kernelIdentity(full.stdout)), code: 124 }, run);
    expect(outcome).toMatchObject({ status: 'timeout', phase: 'command', message: 'the probes did not finish within 7s on the host; partial output kept' });
    expect(outcome.raw?.['meta']).toBeDefined();
    expect(outcome.facts?.uname.ok).toBe(false);
  });

  it('calls a script that died early for another reason an error, with its stderr', () => {
    const stderr = Buffer.from('sh: 1: cannot fork: Resource temporarily unavailable\n');
    const outcome = interpretProbeOutput({ ...full, stdout: cutBefore(full.stdout, kernelIdentity(full.stdout)), stderr, code: 2 }, run);
    expect(outcome).toMatchObject({
      status: 'error',
      phase: 'command',
      message: 'the probe script stopped early (exit status 2): sh: 1: cannot fork: Resource temporarily unavailable',
    });
  });

  it('says so when the script printed no section at all (no sh, a broken login shell)', () => {
    const outcome = interpretProbeOutput(
      { stdout: Buffer.from('Welcome to host\n'), stderr: Buffer.from('\nThis account is currently not available.\n'), code: 1, truncated: false, sentEpochMs: 0, stdoutArrivals: [] },
      run,
    );
    expect(outcome).toEqual({
      status: 'error',
      phase: 'command',
      message: 'the probe script printed no results (exit status 1): This account is currently not available.',
    });
  });

  it('decodes the bytes as UTF-8 with replacement: multi-byte characters intact, bad bytes become U+FFFD', () => {
    const name = Buffer.from('héllo ✓', 'utf8');
    const hostname = `${nonce} begin f:/proc/sys/kernel/hostname\n`;
    const at = full.stdout.indexOf(hostname) + hostname.length;
    const end = full.stdout.indexOf('\n', at);
    const stdout = Buffer.concat([full.stdout.subarray(0, at), name, Buffer.from([0xff]), full.stdout.subarray(end)]);
    const outcome = interpretProbeOutput({ ...full, stdout }, run);
    expect(outcome.raw?.['f:/proc/sys/kernel/hostname']?.stdout).toBe('héllo ✓\uFFFD\n');
  });
});

describe('clockWindow', () => {
  it('ends the window when the piece of output that closed the clock section arrived, not when the command ended', () => {
    const closing = `${nonce} end 0 clock\n`;
    const clockEnd = full.stdout.indexOf(closing) + closing.length;
    expect(clockEnd).toBeGreaterThan(closing.length);
    const arrivals = [
      { bytes: clockEnd - 10, epochMs: 1_000 },
      { bytes: clockEnd + 5, epochMs: 1_250 },
      { bytes: full.stdout.length, epochMs: 9_000 },
    ];
    expect(clockWindow({ ...full, sentEpochMs: 900, stdoutArrivals: arrivals }, nonce)).toEqual({ sentEpochMs: 900, receivedEpochMs: 1_250 });
    const facts = interpretProbeOutput({ ...full, sentEpochMs: 900, stdoutArrivals: arrivals }, run).facts;
    expect(facts?.clock).toMatchObject({ ok: true, value: { sentEpochMs: 900, receivedEpochMs: 1_250 } });
  });

  it('brackets the real local run: sent before the clock was read, received after', () => {
    const window = clockWindow(full, nonce);
    expect(window.sentEpochMs).toBeLessThanOrEqual(window.receivedEpochMs);
    const clock = interpretProbeOutput(full, run).facts?.clock;
    expect(clock?.ok && clock.value.hostEpochMs).toBeGreaterThanOrEqual(window.sentEpochMs - 1);
    expect(clock?.ok && clock.value.hostEpochMs).toBeLessThanOrEqual(window.receivedEpochMs + 1);
  });

  it('falls back to the last arrival without a clock section', () => {
    const stdout = Buffer.from('no sections\n');
    expect(clockWindow({ ...full, stdout, sentEpochMs: 5, stdoutArrivals: [{ bytes: stdout.length, epochMs: 42 }] }, nonce)).toEqual({ sentEpochMs: 5, receivedEpochMs: 42 });
  });
});
