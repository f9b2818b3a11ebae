/**
 * node.privileges on the real probe output of every way an audit can log in: as root; as a
 * plain user without become; as a user whose become works (sudo -n); as a user whose become
 * fails (no sudo rights). Temporary users run the probe through `su USER -s /bin/sh -c`, as an
 * ssh login would (test/support/local-users.ts, as test/probes/become.test.ts does).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodePrivileges } from '../../src/checks/node/privileges.js';
import { runProbe } from '../probes/run-probe.js';
import { asUser as as, createLocalUsers, removeLocalUsers } from '../support/local-users.js';
import { skipOutsideCi, skipUnlessTools } from '../support/tools.js';
import { healthyHost, settings } from './facts.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot
  ? skipUnlessTools(['/usr/sbin/useradd', '/usr/sbin/userdel', '/usr/bin/sudo', '/bin/su', '/usr/bin/dash'], 'apt-get install passwd sudo util-linux dash')
  : skipOutsideCi('it needs root to create users');

const tag = randomBytes(3).toString('hex');
const users = { sudoer: `cpfs${tag}`, plain: `cpfu${tag}` };
const sudoers = `/etc/sudoers.d/cpf-privileges-${tag}`;
const judge = (run: Awaited<ReturnType<typeof runProbe>>) => nodePrivileges.evaluate({ ...healthyHost(), privileges: run.facts.privileges }, settings());

describe.skipIf(skip !== undefined)(`node.privileges on real probe output${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(() => createLocalUsers(Object.values(users), sudoers, `Defaults:${users.sudoer} lecture=never\n${users.sudoer} ALL=(ALL) NOPASSWD: ALL\n`));
  afterAll(() => removeLocalUsers(Object.values(users), sudoers));

  it('login as root: judged on the root shell (this machine keeps CAP_SYS_ADMIN)', async () => {
    const verdict = judge(await runProbe(['/usr/bin/dash', '-c']));
    expect(verdict.status, verdict.summary).toBe('pass');
  });

  it('non-root login, become not asked: unknown with --become (was: fail "could not become root")', async () => {
    const run = await runProbe(as(users.plain), { become: 'none' });
    expect(run.facts.privileges).toMatchObject({ ok: true, value: { becomeAsked: false, becameRoot: false } });
    const verdict = judge(run);
    expect(verdict.status, verdict.summary).toBe('unknown');
    expect(verdict.remediation).toContain('--become');
    // the login shell's bounding set and PID 1's were still read: evidence, not a guess
    expect(verdict.evidence.map((entry) => entry.fact).join('\n')).toMatch(/CapBnd [0-9a-f]{16}[\s\S]*PID 1 CapBnd/);
  });

  it('non-root login, become worked: judged on the root shell', async () => {
    const run = await runProbe(as(users.sudoer), { become: 'sudo' });
    expect(run.become).toBeNull();
    const verdict = judge(run);
    expect(verdict.status, verdict.summary).toBe('pass');
    expect(verdict.evidence[0]?.fact).toMatch(/^uid 0 \(login uid \d+, became root\)/);
  });

  it('non-root login, become failed: unknown, naming the sudo problem to fix', async () => {
    const run = await runProbe(as(users.plain), { become: 'sudo' });
    expect(run.become).toMatch(/needs a password/);
    const verdict = judge(run);
    expect(verdict.status, verdict.summary).toBe('unknown');
    expect(verdict.summary).toMatch(/become failed: sudo needs a password/);
    expect(verdict.remediation).toMatch(/Fix sudo/);
  });
});
