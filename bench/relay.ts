/**
 * A delaying TCP relay, the stand-in for `tc netem` on a kernel without sch_netem: one
 * listening port per fleet host, and every chunk either side sends reaches the other side
 * `delayMs` later, in order, so each round trip costs 2 × delayMs. Each session's timeline
 * gives its round trips: the times the client spoke after hearing from the server and the
 * server then said nothing more until those words could have reached it. A message that
 * needs no answer before the server goes on (an EOF while the command runs, a reply to the
 * server's host-key notice) is not a round trip.
 *
 * Not modelled: the TCP handshake (the kernel completes it with the relay at once, for every
 * tool alike: add one round trip to each count for a real network), bandwidth and loss.
 */
import net from 'node:net';

export interface RelayTarget {
  host: string;
  port: number;
}

export interface SessionStats {
  /** First client byte to the server's last byte, as the client sees it. */
  durationMs: number;
  roundTrips: number;
  /** Of those, the ones up to the client's NEWKEYS: banner and key exchange. */
  handshakeRoundTrips: number;
  upBytes: number;
  downBytes: number;
}

export interface Relays {
  /** Where to connect instead of each target, in target order. */
  endpoints: RelayTarget[];
  /** The sessions finished since the last call, and forgets them. */
  takeSessions(): SessionStats[];
  close(): Promise<void>;
}

/** One direction of a relayed connection: chunks leave `delayMs` after they arrived, in order. */
class DelayedPipe {
  private readonly queue: { due: number; chunk: Buffer | null }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly to: net.Socket,
    private readonly delayMs: number,
    private readonly onDeliver: (bytes: number) => void,
  ) {}

  /** `null` ends the stream once everything before it is delivered. */
  push(chunk: Buffer | null): void {
    this.queue.push({ due: performance.now() + this.delayMs, chunk });
    this.timer ??= setTimeout(() => this.drain(), this.delayMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private drain(): void {
    this.timer = undefined;
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.due <= now + 0.5) {
      const { chunk } = this.queue.shift()!;
      if (chunk === null) {
        this.to.end();
        return;
      }
      if (!this.to.destroyed) this.to.write(chunk);
      this.onDeliver(chunk.length);
    }
    const next = this.queue[0];
    if (next) this.timer = setTimeout(() => this.drain(), Math.max(0, next.due - performance.now()));
  }
}

const SSH_MSG_NEWKEYS = 21;

/**
 * Watches the start of a client's byte stream, still in clear text, for its NEWKEYS message:
 * the identification line, then binary packets (uint32 length, padding length, message code).
 */
class NewKeysWatch {
  private seen = Buffer.alloc(0);
  done = false;

  /** Sets `done` once the client's NEWKEYS went by. */
  feed(chunk: Buffer): void {
    if (this.done) return;
    this.seen = Buffer.concat([this.seen, chunk]);
    const identEnd = this.seen.indexOf('\n');
    if (identEnd < 0) return;
    for (let at = identEnd + 1; at + 6 <= this.seen.length; at += 4 + this.seen.readUInt32BE(at)) {
      if (this.seen[at + 5] === SSH_MSG_NEWKEYS) {
        this.done = true;
        this.seen = Buffer.alloc(0);
        return;
      }
    }
  }
}

function relaySession(client: net.Socket, target: RelayTarget, delayMs: number, done: (stats: SessionStats) => void): void {
  const server = net.connect({ host: target.host, port: target.port });
  client.setNoDelay(true);
  server.setNoDelay(true);
  let started: number | undefined;
  let lastDown = 0;
  let heardSinceSpoke = false;
  /** When the client's latest turn reached the relay, until the server's next data shows whether it waited. */
  let turnAt: number | undefined;
  let turnInHandshake = false;
  let roundTrips = 0;
  let handshakeRoundTrips = 0;
  const newKeys = new NewKeysWatch();
  const stats = { upBytes: 0, downBytes: 0 };

  const down = new DelayedPipe(client, delayMs, (bytes) => {
    lastDown = performance.now();
    heardSinceSpoke = true;
    stats.downBytes += bytes;
  });
  const up = new DelayedPipe(server, delayMs, (bytes) => (stats.upBytes += bytes));
  client.on('data', (chunk: Buffer) => {
    started ??= performance.now();
    if (heardSinceSpoke) {
      turnAt = performance.now();
      turnInHandshake = !newKeys.done;
    }
    heardSinceSpoke = false;
    newKeys.feed(chunk);
    up.push(chunk);
  });
  server.on('data', (chunk: Buffer) => {
    // The turn reaches the server delayMs after it reached us: data before then did not wait for it.
    if (turnAt !== undefined && performance.now() >= turnAt + delayMs - 1) {
      roundTrips += 1;
      if (turnInHandshake) handshakeRoundTrips += 1;
    }
    turnAt = undefined;
    down.push(chunk);
  });
  client.on('end', () => up.push(null));
  server.on('end', () => down.push(null));

  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    up.stop();
    down.stop();
    client.destroy();
    server.destroy();
    if (started === undefined) return;
    done({
      durationMs: Math.max(0, lastDown - started),
      roundTrips,
      handshakeRoundTrips,
      upBytes: stats.upBytes,
      downBytes: stats.downBytes,
    });
  };
  // Both sides closed: done. One side closed: the other's close follows through the pipes, or
  // it is cut off once they are empty. Errors end in 'close' too.
  let closed = 0;
  const onClose = (): void => {
    closed += 1;
    if (closed === 2) finish();
    else setTimeout(finish, delayMs * 2 + 100).unref();
  };
  client.on('close', onClose);
  server.on('close', onClose);
  client.on('error', () => undefined);
  server.on('error', () => undefined);
}

/** Starts one relay per target on 127.0.0.1, each on a port of the kernel's choosing. */
export async function startRelays(targets: RelayTarget[], delayMs: number): Promise<Relays> {
  let sessions: SessionStats[] = [];
  const servers = await Promise.all(
    targets.map(
      (target) =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer((client) => relaySession(client, target, delayMs, (stats) => sessions.push(stats)));
          server.once('error', reject);
          server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => resolve(server));
        }),
    ),
  );
  return {
    endpoints: servers.map((server) => ({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port })),
    takeSessions() {
      const taken = sessions;
      sessions = [];
      return taken;
    },
    close: () => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined),
  };
}
