import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnownHostsStore } from '../../src/transport/known-hosts-store.js';
import { sshKeygen, tempDir } from './helpers.js';
import { skipUnlessTools } from '../support/tools.js';

const skipReason = skipUnlessTools(['/usr/bin/ssh-keygen'], 'apt-get install openssh-client');

describe.skipIf(skipReason !== undefined)('known_hosts store', () => {
  const temp = tempDir('kh-store');
  afterAll(() => temp.remove());

  it('appends accepted keys on a line of their own, once per host, in a new file too', async () => {
    const key = sshKeygen(path.join(temp.dir, 'a'), 'ed25519');
    const other = sshKeygen(path.join(temp.dir, 'b'), 'ed25519');
    const file = path.join(temp.dir, 'existing');
    writeFileSync(file, `old.example.com ${other.publicKey}`); // no final newline
    const store = new KnownHostsStore({ file, acceptNew: true });
    await Promise.all([store.verify('new', 2022, key.blob), store.verify('new', 2022, key.blob), store.verify('new2', 22, key.blob)]);
    expect(readFileSync(file, 'utf8')).toBe(`old.example.com ${other.publicKey}\n[new]:2022 ${key.publicKey}\nnew2 ${key.publicKey}\n`);
    await expect(store.verify('new', 2022, other.blob)).rejects.toMatchObject({ status: 'host-key-changed' });

    const fresh = path.join(temp.dir, 'sub', 'known_hosts');
    await new KnownHostsStore({ file: fresh, acceptNew: true }).verify('h', 22, key.blob);
    expect(readFileSync(fresh, 'utf8')).toBe(`h ${key.publicKey}\n`);
  });

  it('refuses unknown keys without acceptNew and leaves the file alone', async () => {
    const key = sshKeygen(path.join(temp.dir, 'c'), 'ed25519');
    const file = path.join(temp.dir, 'strict');
    writeFileSync(file, '');
    await expect(new KnownHostsStore({ file, acceptNew: false }).verify('h', 22, key.blob)).rejects.toMatchObject({
      status: 'host-key-unknown',
      phase: 'handshake',
    });
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
