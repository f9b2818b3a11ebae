import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseAnsibleSshArgs, parseJumpList, parseProxyCommand, shellSplit } from '../../src/transport/ssh-args.js';

const fixtures = new URL('../fixtures/transport/', import.meta.url);

/** The bastion recipe deepops ships, commented out, in its example inventory. */
function deepopsCommonArgs(): string {
  const line = readFileSync(new URL('deepops/inventory', fixtures), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('#ansible_ssh_common_args='));
  const quoted = (line ?? '').slice('#ansible_ssh_common_args='.length);
  return shellSplit(quoted)[0] ?? '';
}

describe('shellSplit', () => {
  it('splits like sh: quotes, escapes, empty words', () => {
    expect(shellSplit(`-o ProxyCommand="ssh -W %h:%p -q ubuntu@10.0.0.1"`)).toEqual([
      '-o',
      'ProxyCommand=ssh -W %h:%p -q ubuntu@10.0.0.1',
    ]);
    expect(shellSplit(`a\\ b 'c "d"' "e \\"f\\"" ''`)).toEqual(['a b', 'c "d"', 'e "f"', '']);
  });

  it('refuses an unbalanced quote with a clear error', () => {
    expect(() => shellSplit(`-o "ProxyJump=x`)).toThrow(UserError);
  });
});

describe('ssh arguments from inventories', () => {
  it('understands the deepops bastion ProxyCommand as a jump host', () => {
    const common = deepopsCommonArgs();
    expect(common).toBe('-o ProxyCommand="ssh -W %h:%p -q ubuntu@10.0.0.1"');
    expect(parseAnsibleSshArgs(common, 'test').jumps).toEqual([{ host: '10.0.0.1', user: 'ubuntu' }]);
  });

  it('reads -p, -i, -J, -l and -o forms, first value winning as in ssh', () => {
    const args = parseAnsibleSshArgs(
      '-o StrictHostKeyChecking=no -p 2200 -o Port=9 -i ~/k1 -oIdentityFile=/k2 -J admin@jump:2222,inner -l bob -o User=eve -o ConnectTimeout=7',
      'test',
    );
    expect(args).toEqual({
      port: 2200,
      user: 'bob',
      identityFiles: ['~/k1', '/k2'],
      jumps: [{ host: 'jump', port: 2222, user: 'admin' }, { host: 'inner' }],
      connectTimeoutSec: 7,
    });
    expect(parseAnsibleSshArgs('-o "ProxyJump ops@[fd00::1]:22"', 'test').jumps).toEqual([
      { host: 'fd00::1', port: 22, user: 'ops' },
    ]);
    expect(parseAnsibleSshArgs('-o ProxyJump=none', 'test').jumps).toBe('none');
  });

  it('takes port, key and user from a ProxyCommand jump', () => {
    expect(parseProxyCommand('ssh -W %h:%p -p 2222 -i /keys/b -o UserKnownHostsFile=/kh root@127.0.0.9')).toEqual([
      { host: '127.0.0.9', port: 2222, user: 'root', identityFiles: ['/keys/b'] },
    ]);
    expect(parseProxyCommand('/usr/bin/ssh -q -l ops -W [%h]:%p bastion.example.com')).toEqual([
      { host: 'bastion.example.com', user: 'ops' },
    ]);
  });

  it('refuses a ProxyCommand it cannot replay instead of running it', () => {
    expect(() => parseProxyCommand('nc -x proxy:1080 %h %p')).toThrow(/unsupported ProxyCommand/);
    expect(() => parseProxyCommand('ssh bastion nc %h %p')).toThrow(UserError);
  });

  it('rejects a bad port in a jump', () => {
    expect(() => parseJumpList('host:99999')).toThrow(/invalid port 99999/);
  });
});
