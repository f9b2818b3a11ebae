/** Read access to one host's split probe output, with the facts every parser needs. */
import type { RawProbeOutput } from '../core/facts.js';
import { SECTION, SECTION_PREFIX } from './section-ids.js';

export class ProbeOutput {
  /** uid of the login shell, and the become mode the script ran with. */
  readonly loginUid: number | null;
  readonly become: string;
  /** The ports listeners were asked for (the plan's ownerPorts); empty in output without them. */
  readonly ports: number[];
  /** The systemd units the run asked about, in the order systemctl answers. */
  readonly units: string[];
  /** False when the script never reached its end (remote timeout, killed). */
  readonly complete: boolean;

  constructor(readonly raw: Record<string, RawProbeOutput>) {
    const meta = raw[SECTION.meta]?.stdout ?? '';
    const uid = /^uid=(\d+)/m.exec(meta);
    this.loginUid = uid ? Number(uid[1]) : null;
    this.become = /become=(\S+)/.exec(meta)?.[1] ?? 'none';
    this.ports = (/ports=([\d,]+)/.exec(meta)?.[1] ?? '').split(',').map(Number).filter((p) => p > 0);
    this.units = (/units=(\S+)/.exec(meta)?.[1] ?? '').split(',').filter(Boolean);
    this.complete = raw[SECTION.end] !== undefined;
  }

  get(id: string): RawProbeOutput | undefined {
    return this.raw[id];
  }

  /** A section that ran and exited 0. */
  ok(id: string): string | undefined {
    const s = this.raw[id];
    return s && s.exitCode === 0 ? s.stdout : undefined;
  }

  /** The section of a file, whether or not it could be read. */
  fileSection(path: string): RawProbeOutput | undefined {
    return this.raw[`${SECTION_PREFIX.file}${path}`];
  }

  /** The content of a file when it was read. */
  file(path: string): string | undefined {
    return this.ok(`${SECTION_PREFIX.file}${path}`);
  }

  /** Paths of the file sections under a directory (or any path prefix), in output order. */
  filesUnder(prefix: string): string[] {
    return this.ids(`${SECTION_PREFIX.file}${prefix}`).map((id) => id.slice(SECTION_PREFIX.file.length));
  }

  /** Ids starting with a prefix, in output order. */
  ids(prefix: string): string[] {
    return Object.keys(this.raw).filter((id) => id.startsWith(prefix));
  }

  /** Why an absent section is absent: the script did not finish, or the thing does not exist. */
  absent(what: string): string {
    return this.complete ? what : `the probe script did not finish (remote timeout?), so ${what}`;
  }

  /** Whether the root part ran as root. */
  get rootRan(): boolean {
    return /^Uid:\s+\d+\s+0\b/m.test(this.raw[SECTION.rootStatus]?.stdout ?? '');
  }
}
