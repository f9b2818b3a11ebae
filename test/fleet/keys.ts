/** ed25519 key pairs via ssh-keygen, generated in parallel (1000 keys take about 2 s). */
import { readFile } from 'node:fs/promises';
import { inPool, run } from './run.js';

export interface KeyPair {
  privatePath: string;
  /** `ssh-ed25519 AAAA…` without comment. */
  publicKey: string;
}

export async function generateKeys(privatePaths: string[], comment = ''): Promise<KeyPair[]> {
  const keys = new Map<string, KeyPair>();
  await inPool(privatePaths, 16, async (path) => {
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
    const publicLine = (await readFile(`${path}.pub`, 'utf8')).trim();
    keys.set(path, { privatePath: path, publicKey: publicLine.split(' ').slice(0, 2).join(' ') });
  });
  return privatePaths.map((path) => keys.get(path) as KeyPair);
}
