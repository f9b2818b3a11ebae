/** Shared helpers for transport tests: temp dirs, ssh-keygen, tool checks. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Why tests needing `tool` must skip (undefined: it is there). Under CI a missing tool is an error. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `calico-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface GeneratedKey {
  privatePath: string;
  /** `type base64` of the public key. */
  publicKey: string;
  blob: Buffer;
}

export function sshKeygen(file: string, type: 'ed25519' | 'ecdsa' | 'rsa', passphrase = ''): GeneratedKey {
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', passphrase, '-C', '', '-f', file]);
  const [keyType, base64] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ') as [string, string];
  return { privatePath: file, publicKey: `${keyType} ${base64}`, blob: Buffer.from(base64, 'base64') };
}
