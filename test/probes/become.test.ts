/**
 * The become path for real: temporary unprivileged users (one with passwordless sudo, one
 * whose sudo asks for a password, one without sudo) run the probe command through
 * `su USER -s /bin/sh -c COMMAND`, as an ssh login would.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from './run-probe.js';
import { asUser as as, createLocalUsers, removeLocalUsers } from '../support/local-users.js';
import { skipOutsideCi, skipUnlessTools } from '../support/tools.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot
  ? skipUnlessTools(['/usr/sbin/useradd', '/usr/sbin/userdel', '/usr/sbin/chpasswd', '/usr/bin/sudo', '/bin/su'], 'apt-get install passwd sudo util-linux')
  : skipOutsideCi('it needs root to create users');

const tag = randomBytes(3).toString('hex');
const users = { nopass: `cpfn${tag}`, pass: `cpfp${tag}`, none: `cpfx${tag}` };
const password = `pw-${randomBytes(6).toString('hex')}`;
const sudoers = `/etc/sudoers.d/cpf-probe-${tag}`;

describe.skipIf(skip !== undefined)(`become via sudo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(() => {
    createLocalUsers(
      Object.values(users),
      sudoers,
      `Defaults:${users.nopass},${users.pass} lecture=never\n${users.nopass} ALL=(ALL) NOPASSWD: ALL\n${users.pass} ALL=(ALL) ALL\n`,
      { [users.pass]: password, [users.none]: password },
    );
  });
  afterAll(() => removeLocalUsers(Object.values(users), sudoers));

  it('sudo -n: root probes run as root in one sudo, the rest as the login user', async () => {
    const run = await runProbe(as(users.nopass), { become: 'sudo' });
    expect(run.become).toBeNull();
    const { privileges, firewall, listeners } = run.facts;
    expect(privileges).toMatchObject({ ok: true, value: { uid: 0, becameRoot: true } });
    expect(privileges.ok && privileges.value.loginUid).not.toBe(0);
    expect(firewall.ok).toBe(true);
    expect(listeners.ok && listeners.source).toMatch(/^ss -ltnu/);
    // the login-user part really ran unprivileged
    expect(run.raw['f:/proc/self/status']!.stdout).not.toMatch(/^Uid:\s+0\s/m);
  });

  it('sudo -S: the password comes on stdin, never on the command line', async () => {
    const run = await runProbe(as(users.pass), { become: 'sudo-password' }, { stdin: `${password}\n` });
    expect(run.become).toBeNull();
    expect(run.facts.privileges).toMatchObject({ ok: true, value: { uid: 0, becameRoot: true } });
    expect(run.stdout).not.toContain(password);
  });

  it('a wrong password is "rejected", and root facts say why they are missing', async () => {
    const run = await runProbe(as(users.pass), { become: 'sudo-password' }, { stdin: 'wrong-password\n' });
    expect(run.become).toMatch(/rejected the become password/);
    expect(run.facts.firewall.ok).toBe(false);
    expect(!run.facts.firewall.ok && run.facts.firewall.missing).toMatch(/become failed: sudo rejected/);
    // everything that needs no root is still there
    expect(run.facts.os.ok && run.facts.uname.ok && run.facts.interfaces.ok).toBe(true);
  });

  it('sudo -n for a user whose sudo asks for a password', async () => {
    const run = await runProbe(as(users.pass), { become: 'sudo' });
    expect(run.become).toMatch(/needs a password/);
  });

  it('a user without sudo rights: sudo says so once the password is given', async () => {
    // With -n sudo cannot authenticate, so it only ever answers "a password is required".
    expect((await runProbe(as(users.none), { become: 'sudo' })).become).toMatch(/needs a password/);
    const run = await runProbe(as(users.none), { become: 'sudo-password' }, { stdin: `${password}\n` });
    expect(run.become).toMatch(/not in sudoers/);
  });

  it('become none as a plain user: root probes run unprivileged and say "re-run with --become"', async () => {
    const run = await runProbe(as(users.none), { become: 'none' });
    expect(run.become).toBeNull();
    expect(run.facts.privileges).toMatchObject({ ok: true, value: { becameRoot: false } });
    expect(!run.facts.firewall.ok && run.facts.firewall.missing).toBe('iptables-save needs root: re-run with --become');
  });
});
