import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyTypeOfBlob, sha256Fingerprint } from '../../src/transport/fingerprint.js';
import {
  entryMatchesName,
  judgeHostKey,
  KnownHostsIndex,
  knownHostsLine,
  knownHostsName,
  parseKnownHosts,
  recordedKeyTypes,
  type KnownHostsEntry,
} from '../../src/transport/known-hosts.js';
import { sshKeygen, tempDir, type GeneratedKey } from './helpers.js';
import { skipUnlessTools } from '../support/tools.js';

const skipReason = skipUnlessTools(['/usr/bin/ssh-keygen'], 'apt-get install openssh-client');

/** Line numbers ssh-keygen -F reports for `name` (the oracle for matching). */
function sshKeygenFinds(file: string, name: string): number[] {
  let output = '';
  try {
    output = execFileSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return []; // exit 1: not found
  }
  return [...output.matchAll(/found: line (\d+)/g)].map((m) => Number(m[1]));
}

function checkHostKey(entries: KnownHostsEntry[], host: string, port: number, keyType: string, keyBase64: string) {
  return judgeHostKey(new KnownHostsIndex(entries).forName(knownHostsName(host, port)), keyType, keyBase64);
}

describe.skipIf(skipReason !== undefined)('known_hosts', () => {
  const temp = tempDir('known-hosts');
  let ed: GeneratedKey;
  let other: GeneratedKey;
  let revoked: GeneratedKey;
  let ecdsa: GeneratedKey;
  let rsa: GeneratedKey;
  let plainFile: string;
  let hashedFile: string;

  beforeAll(() => {
    ed = sshKeygen(path.join(temp.dir, 'ed'), 'ed25519');
    other = sshKeygen(path.join(temp.dir, 'other'), 'ed25519');
    revoked = sshKeygen(path.join(temp.dir, 'revoked'), 'ed25519');
    ecdsa = sshKeygen(path.join(temp.dir, 'ecdsa'), 'ecdsa');
    rsa = sshKeygen(path.join(temp.dir, 'rsa'), 'rsa');
    plainFile = path.join(temp.dir, 'known_hosts');
    writeFileSync(
      plainFile,
      [
        '# a comment, then a blank line',
        '',
        `alpha,[beta]:2222,10.0.0.7 ${ed.publicKey}`,
        `!bad.example.com,*.example.com ${other.publicKey}`,
        `gamma ${ecdsa.publicKey}`,
        `Gamma ${rsa.publicKey}`,
        `@revoked * ${revoked.publicKey}`,
        `@cert-authority *.example.com ${other.publicKey}`,
        '',
      ].join('\n'),
    );
    hashedFile = path.join(temp.dir, 'known_hosts.hashed');
    copyFileSync(plainFile, hashedFile);
    execFileSync('ssh-keygen', ['-H', '-f', hashedFile], { stdio: 'ignore' });
  });
  afterAll(() => temp.remove());

  const names = ['alpha', '[beta]:2222', 'beta', '[alpha]:2222', '10.0.0.7', 'x.example.com', 'bad.example.com', 'gamma', 'nowhere'];

  it.each(names)('matches %s on the same lines as ssh-keygen -F (plain and hashed files)', (name) => {
    for (const file of [plainFile, hashedFile]) {
      const entries = parseKnownHosts(readFileSync(file, 'utf8'));
      const oracle = sshKeygenFinds(file, name);
      expect(entries.filter((e) => entryMatchesName(e, name)).map((e) => e.line)).toEqual(oracle);
      expect(new KnownHostsIndex(entries).forName(name).map((e) => e.line)).toEqual(oracle);
    }
  });

  it('skips comments, blank and malformed lines with correct line numbers', () => {
    const entries = parseKnownHosts(`# c\n\nno-key-here\n@unknown-marker host ${ed.publicKey}\nzeta ${ed.publicKey}\n`);
    expect(entries.map((e) => e.line)).toEqual([5]);
  });

  it('really hashed the entries it checks', () => {
    const hashed = parseKnownHosts(readFileSync(hashedFile, 'utf8'));
    expect(hashed.filter((e) => e.hosts.kind === 'hashed').length).toBeGreaterThanOrEqual(4);
    expect(readFileSync(hashedFile, 'utf8')).not.toContain('alpha');
  });

  it('trusts the recorded key, reports a different one as changed and a missing one as unknown', () => {
    for (const file of [plainFile, hashedFile]) {
      const entries = parseKnownHosts(readFileSync(file, 'utf8'));
      const edBase64 = ed.blob.toString('base64');
      expect(checkHostKey(entries, 'beta', 2222, 'ssh-ed25519', edBase64).kind).toBe('trusted');
      expect(checkHostKey(entries, 'ALPHA', 22, 'ssh-ed25519', edBase64).kind).toBe('trusted');
      const changed = checkHostKey(entries, 'alpha', 22, 'ssh-ed25519', other.blob.toString('base64'));
      expect(changed).toMatchObject({ kind: 'changed', expected: { keyBase64: edBase64 } });
      expect(checkHostKey(entries, 'beta', 22, 'ssh-ed25519', edBase64)).toEqual({ kind: 'unknown', otherTypes: [] });
      expect(checkHostKey(entries, 'gamma', 22, 'ssh-ed25519', edBase64)).toEqual({
        kind: 'unknown',
        otherTypes: ['ecdsa-sha2-nistp256', 'ssh-rsa'],
      });
    }
  });

  it('refuses a revoked key and honours negated patterns', () => {
    const entries = parseKnownHosts(readFileSync(plainFile, 'utf8'));
    const verdict = checkHostKey(entries, 'alpha', 22, 'ssh-ed25519', revoked.blob.toString('base64'));
    expect(verdict).toMatchObject({ kind: 'revoked', entry: { line: 7 } });
    const otherBase64 = other.blob.toString('base64');
    expect(checkHostKey(entries, 'www.example.com', 22, 'ssh-ed25519', otherBase64).kind).toBe('trusted');
    expect(checkHostKey(entries, 'bad.example.com', 22, 'ssh-ed25519', otherBase64).kind).toBe('unknown');
  });

  it('lists recorded key types so they can be preferred in the key exchange', () => {
    const entries = parseKnownHosts(readFileSync(hashedFile, 'utf8'));
    const index = new KnownHostsIndex(entries);
    expect(recordedKeyTypes(index.forName('gamma'))).toEqual(['ecdsa-sha2-nistp256', 'ssh-rsa']);
    expect(recordedKeyTypes(index.forName(knownHostsName('beta', 2222)))).toEqual(['ssh-ed25519']);
  });

  it('writes lines ssh itself finds', () => {
    const file = path.join(temp.dir, 'written');
    writeFileSync(file, knownHostsLine('Delta', 2200, 'ssh-ed25519', ed.blob.toString('base64')) + knownHostsLine('epsilon', 22, 'ssh-rsa', rsa.blob.toString('base64')));
    expect(sshKeygenFinds(file, '[delta]:2200')).toEqual([1]);
    expect(sshKeygenFinds(file, 'epsilon')).toEqual([2]);
    expect(knownHostsName('epsilon', 22)).toBe('epsilon');
  });

  it.each(['ed', 'ecdsa', 'rsa'])('prints the %s fingerprint and type as ssh-keygen -lf does', (name) => {
    const key = { ed, ecdsa, rsa }[name as 'ed' | 'ecdsa' | 'rsa'];
    const printed = execFileSync('ssh-keygen', ['-lf', `${key.privatePath}.pub`], { encoding: 'utf8' }).split(' ')[1];
    expect(sha256Fingerprint(key.blob)).toBe(printed);
    expect(keyTypeOfBlob(key.blob)).toBe(key.publicKey.split(' ')[0]);
  });
});
