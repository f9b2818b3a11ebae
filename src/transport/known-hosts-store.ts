/**
 * One known_hosts file for a run: read once, consulted for every host, and — in
 * trust-on-first-use mode — appended to, one entry per host, one write at a time.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { keyTypeOfBlob, sha256Fingerprint } from './fingerprint.js';
import {
  judgeHostKey,
  KnownHostsIndex,
  knownHostsLine,
  knownHostsName,
  parseKnownHosts,
  recordedKeyTypes,
  type KnownHostsEntry,
} from './known-hosts.js';
import { HostError } from './types.js';

export interface KnownHostsStoreOptions {
  file: string;
  /** Trust on first use: unknown keys are accepted and appended. Changed keys never are. */
  acceptNew: boolean;
}

export class KnownHostsStore {
  private index: Promise<KnownHostsIndex> | undefined;
  /** Entries per looked-up name: each host is matched against the file once. */
  private matches = new Map<string, Promise<KnownHostsEntry[]>>();
  private appended = new Map<string, string>();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: KnownHostsStoreOptions) {}

  private load(): Promise<KnownHostsIndex> {
    this.index ??= readFile(this.options.file, 'utf8').then(
      (text) => new KnownHostsIndex(parseKnownHosts(text)),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return new KnownHostsIndex([]);
        throw new UserError(`cannot read known_hosts file ${this.options.file}: ${error.message}`);
      },
    );
    return this.index;
  }

  private entriesFor(host: string, port: number): Promise<KnownHostsEntry[]> {
    const name = knownHostsName(host, port);
    let entries = this.matches.get(name);
    if (!entries) {
      entries = this.load().then((index) => index.forName(name));
      this.matches.set(name, entries);
    }
    return entries;
  }

  /** Key types known for the host, to offer them first in the key exchange. */
  async knownKeyTypes(host: string, port: number): Promise<string[]> {
    return recordedKeyTypes(await this.entriesFor(host, port));
  }

  /** Resolves when the key may be used; throws a HostError (phase handshake) otherwise. */
  async verify(host: string, port: number, blob: Buffer): Promise<void> {
    const keyType = keyTypeOfBlob(blob);
    const keyBase64 = blob.toString('base64');
    const fingerprint = sha256Fingerprint(blob);
    const name = knownHostsName(host, port);
    const file = this.options.file;
    const verdict = judgeHostKey(await this.entriesFor(host, port), keyType, keyBase64);
    switch (verdict.kind) {
      case 'trusted':
        return;
      case 'revoked':
        throw new HostError(
          'host-key-changed',
          'handshake',
          `REVOKED host key for ${name}: ${keyType} ${fingerprint} is marked @revoked at ${file}:${verdict.entry.line}; refusing to connect`,
        );
      case 'changed': {
        const expected = sha256Fingerprint(Buffer.from(verdict.expected.keyBase64, 'base64'));
        throw new HostError(
          'host-key-changed',
          'handshake',
          `HOST KEY CHANGED for ${name}: expected ${verdict.expected.keyType} ${expected} (${file}:${verdict.expected.line}) but the host offered ${keyType} ${fingerprint}; possible man-in-the-middle, refusing to connect`,
        );
      }
      case 'unknown':
        break;
    }
    const accepted = this.appended.get(`${name} ${keyType}`);
    if (accepted === keyBase64) return;
    if (accepted !== undefined) {
      throw new HostError(
        'host-key-changed',
        'handshake',
        `HOST KEY CHANGED for ${name} during this run: the host offered ${keyType} ${fingerprint}, unlike the key accepted earlier; refusing to connect`,
      );
    }
    if (!this.options.acceptNew) {
      const others = verdict.otherTypes.length > 0 ? ` (known_hosts has only ${verdict.otherTypes.join(', ')} keys for it)` : '';
      throw new HostError(
        'host-key-unknown',
        'handshake',
        `unknown host key for ${name}: ${keyType} ${fingerprint} is not in ${file}${others}; verify it and add it, or use --accept-new-host-keys`,
      );
    }
    this.appended.set(`${name} ${keyType}`, keyBase64);
    await this.append(knownHostsLine(host, port, keyType, keyBase64));
  }

  private append(line: string): Promise<void> {
    const write = this.writes.then(async () => {
      await mkdir(path.dirname(this.options.file), { recursive: true, mode: 0o700 });
      const existing = await readFile(this.options.file).catch(() => Buffer.alloc(0));
      const separator = existing.length > 0 && existing[existing.length - 1] !== 0x0a ? '\n' : '';
      await appendFile(this.options.file, separator + line, { mode: 0o600 });
    });
    // A failed write is reported to its host; later writes still get their turn.
    this.writes = write.catch(() => undefined);
    return write.catch((error: Error) => {
      throw new HostError('error', 'handshake', `cannot add the host key to ${this.options.file}: ${error.message}`);
    });
  }
}
