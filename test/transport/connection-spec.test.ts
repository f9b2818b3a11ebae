import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { HostVars } from '../../src/inventory/index.js';
import { resolveConnection } from '../../src/transport/connection-spec.js';
import { loadSshConfig, parseSshConfig, sshConfigFor } from '../../src/transport/ssh-config-file.js';
import { tempDir } from './helpers.js';

const home = os.homedir();
const me = os.userInfo().username;

const orchestration = JSON.parse(
  readFileSync(new URL('../fixtures/transport/ansible-for-devops-orchestration/hosts.ini.ansible-list.json', import.meta.url), 'utf8'),
) as { _meta: { hostvars: Record<string, HostVars> } };

const sshConfig = parseSshConfig(
  [
    'Host web1',
    '  HostName 10.1.0.5',
    '  User deploy',
    '  Port 2201',
    '  IdentityFile ~/.ssh/web_%h',
    'Host *.internal',
    '  ProxyJump ops@bastion.example.com:2222',
    '  User svc',
    'Host bastion.example.com',
    '  IdentityFile ~/.ssh/bastion_key',
    'Match exec "touch /tmp/calico-match-exec-must-not-run"',
    '  User pwned',
    'Host *',
    '  IdentityFile ~/.ssh/id_fallback',
    '',
  ].join('\n'),
  '/test/ssh_config',
);

describe('resolveConnection', () => {
  it('takes user, key and address from a real inventory (ansible-for-devops)', () => {
    const vars = orchestration._meta.hostvars['192.168.56.4'] as HostVars;
    expect(resolveConnection('192.168.56.4', vars)).toEqual({
      kind: 'ssh',
      name: '192.168.56.4',
      host: '192.168.56.4',
      port: 22,
      user: 'vagrant',
      identityFiles: [`${home}/.vagrant.d/insecure_private_key`],
      jumps: [],
    });
  });

  it('uses ssh config for what the inventory leaves open', () => {
    const spec = resolveConnection('web1', {}, {}, sshConfig);
    expect(spec).toMatchObject({ host: '10.1.0.5', port: 2201, user: 'deploy', identityFiles: [`${home}/.ssh/web_10.1.0.5`, `${home}/.ssh/id_fallback`] });
  });

  it('lets inventory variables override ssh config, and flags override both', () => {
    const vars: HostVars = { ansible_port: 22, ansible_user: 'admin', ansible_ssh_private_key_file: '/inv/key' };
    expect(resolveConnection('web1', vars, {}, sshConfig)).toMatchObject({
      host: '10.1.0.5',
      port: 22,
      user: 'admin',
      identityFiles: ['/inv/key'],
    });
    expect(resolveConnection('web1', vars, { user: 'flaguser', privateKey: '/flag/key' }, sshConfig)).toMatchObject({
      user: 'flaguser',
      identityFiles: ['/flag/key'],
    });
  });

  it('matches ssh config against ansible_host, as ssh does', () => {
    expect(resolveConnection('frontend', { ansible_host: 'web1' }, {}, sshConfig)).toMatchObject({ host: '10.1.0.5', port: 2201 });
  });

  it('resolves jump hosts with their own ssh config', () => {
    const spec = resolveConnection('db.internal', {}, {}, sshConfig);
    expect(spec.user).toBe('svc');
    expect(spec.jumps).toEqual([
      { host: 'bastion.example.com', port: 2222, user: 'ops', identityFiles: [`${home}/.ssh/bastion_key`, `${home}/.ssh/id_fallback`] },
    ]);
    expect(spec.via).toBe('ops@bastion.example.com:2222');
  });

  it('reads ssh args from ansible_ssh_common_args with inventory vars first', () => {
    const vars: HostVars = {
      ansible_host: '10.9.9.9',
      ansible_port: '2022',
      ansible_ssh_common_args: '-p 9999 -o ProxyCommand="ssh -W %h:%p -p 2222 -i /keys/b root@127.0.0.9"',
      ansible_ssh_extra_args: '-i /keys/extra',
      ansible_ssh_timeout: 4,
    };
    const spec = resolveConnection('t1', vars);
    expect(spec).toMatchObject({ host: '10.9.9.9', port: 2022, identityFiles: ['/keys/extra'], connectTimeoutMs: 4000 });
    expect(spec.jumps).toEqual([{ host: '127.0.0.9', port: 2222, user: 'root', identityFiles: ['/keys/b'] }]);
  });

  it('gives jump hosts the target key when nothing else names one', () => {
    const spec = resolveConnection('t2', { ansible_ssh_private_key_file: '/k', ansible_ssh_common_args: '-J 10.0.0.1' });
    expect(spec.jumps).toEqual([{ host: '10.0.0.1', port: 22, user: me, identityFiles: ['/k'] }]);
  });

  it('picks the local transport for ansible_connection=local and a bare localhost', () => {
    expect(resolveConnection('anything', { ansible_connection: 'local' }).kind).toBe('local');
    expect(resolveConnection('localhost', {}).kind).toBe('local');
    expect(resolveConnection('localhost', { ansible_host: '127.0.0.1' }).kind).toBe('ssh');
    expect(() => resolveConnection('w', { ansible_connection: 'winrm' })).toThrow(/winrm is not supported/);
  });

  it('keeps a password from the inventory and checks the port', () => {
    expect(resolveConnection('p', { ansible_password: 'pw' }).password).toBe('pw');
    expect(() => resolveConnection('p', { ansible_port: 'ssh' })).toThrow(/host p: ansible_port=ssh is not a TCP port/);
  });

  it('never runs Match exec', () => {
    expect(sshConfigFor(sshConfig, 'other').user).toBeUndefined();
    expect(() => readFileSync('/tmp/calico-match-exec-must-not-run')).toThrow();
  });
});

describe('loadSshConfig', () => {
  const temp = tempDir('ssh-config');
  afterAll(() => temp.remove());

  it('follows Include (with wildcards, also inside a Host block) and resumes the including block', async () => {
    mkdirSync(path.join(temp.dir, 'conf.d'));
    writeFileSync(path.join(temp.dir, 'conf.d', '10-db.conf'), 'Host db\n  HostName 10.2.0.9\n  Port 2202\n');
    writeFileSync(path.join(temp.dir, 'conf.d', 'ignored.txt'), 'Host db\n  User nobody-should-see-this\n');
    writeFileSync(path.join(temp.dir, 'web-extra'), 'User webops\n');
    const main = path.join(temp.dir, 'config');
    writeFileSync(
      main,
      [`Include ${temp.dir}/conf.d/*.conf ${temp.dir}/missing-is-fine`, 'Host web1', `  Include ${temp.dir}/web-extra`, '  Port 2201', 'Host *', '  User fallback', ''].join('\n'),
    );
    const config = await loadSshConfig(main);
    expect(config?.file).toBe(main);
    expect(sshConfigFor(config, 'db')).toEqual({ hostName: '10.2.0.9', port: 2202, user: 'fallback', identityFiles: [] });
    expect(sshConfigFor(config, 'web1')).toEqual({ user: 'webops', port: 2201, identityFiles: [] });
  });

  it('insists on a file chosen explicitly', async () => {
    const missing = path.join(temp.dir, 'nope');
    await expect(loadSshConfig(missing)).rejects.toBeInstanceOf(UserError);
    await expect(loadSshConfig(missing)).rejects.toThrow(`cannot read ssh config ${missing}`);
  });
});
