/**
 * Keys are parsed once and sign with a reused KeyObject; every key type must still produce
 * signatures that the key's public half (as ssh2 and so sshd read it) accepts.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { IdentityLoader } from '../../src/transport/identities.js';
import { tempDir } from './helpers.js';
import { skipUnlessTools } from '../support/tools.js';

const skipReason = skipUnlessTools(['/usr/bin/ssh-keygen'], 'apt-get install openssh-client');
const KEYS: [string, string[], (string | undefined)[]][] = [
  ['ed25519', ['-t', 'ed25519'], [undefined]],
  ['ecdsa-256', ['-t', 'ecdsa', '-b', '256'], [undefined]],
  ['ecdsa-384', ['-t', 'ecdsa', '-b', '384'], [undefined]],
  ['ecdsa-521', ['-t', 'ecdsa', '-b', '521'], [undefined]],
  ['rsa', ['-t', 'rsa', '-b', '2048'], [undefined, 'sha256', 'sha512']],
];

describe.skipIf(skipReason !== undefined)(`identities${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const temp = tempDir('identities');
  afterAll(() => temp.remove());
  const loader = new IdentityLoader({});

  for (const [name, args, hashes] of KEYS) {
    it(`signs with a ${name} key so that its public key verifies, with every hash ssh asks for`, async () => {
      const file = path.join(temp.dir, name);
      execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', '', '-f', file]);
      const [key] = await loader.load([file]);
      const publicKey = ssh2.utils.parseKey(execFileSync('cat', [`${file}.pub`]));
      if (publicKey instanceof Error || Array.isArray(publicKey)) throw new Error('cannot parse the public key');
      const data = Buffer.from(`session id and request of ${name}`);
      for (const hash of hashes) {
        const signature = key!.sign(data, hash);
        expect(signature).toBeInstanceOf(Buffer);
        expect(publicKey.verify(data, signature, hash)).toBe(true);
        expect(publicKey.verify(Buffer.from('something else'), signature, hash)).toBe(false);
      }
    });
  }
});
