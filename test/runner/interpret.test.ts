/**
 * From the probe command's bytes to a host outcome, on real output of the probe script run
 * on this machine (and cut short the ways a host can cut it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProbeCommand } from '../../src/probes/index.js';
import { interpretProbeOutput } from '../../src/runner/interpret.js';
import { LocalTransport, type ExecResult } from '../../src/transport/index.js';

const nonce = 'CPFtest0123456789abcdef';
const run = { nonce, auditorEpochMs: Date.now(), remoteTimeoutSec: 7 };
let full: ExecResult;

beforeAll(async () => {
  full = await new LocalTransport().exec(buildProbeCommand({ nonce, become: 'none', remoteTimeoutSec: 30, connectTargets: [] }), {
    timeoutMs: 30_000,
  });
});

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
    const outcome = interpretProbeOutput({ ...full, stdout: cutBefore(full.stdout, 'uname'), code: 124 }, run);
    expect(outcome).toMatchObject({ status: 'timeout', phase: 'command', message: 'the probes did not finish within 7s on the host; partial output kept' });
    expect(outcome.raw?.['meta']).toBeDefined();
    expect(outcome.facts?.uname.ok).toBe(false);
  });

  it('calls a script that died early for another reason an error, with its stderr', () => {
    const stderr = Buffer.from('sh: 1: cannot fork: Resource temporarily unavailable\n');
    const outcome = interpretProbeOutput({ ...full, stdout: cutBefore(full.stdout, 'uname'), stderr, code: 2 }, run);
    expect(outcome).toMatchObject({
      status: 'error',
      phase: 'command',
      message: 'the probe script stopped early (exit status 2): sh: 1: cannot fork: Resource temporarily unavailable',
    });
  });

  it('says so when the script printed no section at all (no sh, a broken login shell)', () => {
    const outcome = interpretProbeOutput(
      { stdout: Buffer.from('Welcome to host\n'), stderr: Buffer.from('\nThis account is currently not available.\n'), code: 1, truncated: false },
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
