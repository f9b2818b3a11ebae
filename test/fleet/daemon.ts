/**
 * The fleet's listener process, run as `node --import tsx daemon.ts PLAN.json` inside the
 * fleet's mount namespace. It binds every loopback host's address and starts one
 * `sshd -i` per connection with that host's own host key and options (inetd style):
 * sshd picks host keys by algorithm, not by listen address, so one sshd serving several
 * addresses could never give each host its own key. Silent hosts are only accepted.
 * Prints `ready` (or `error: …`) on stdout; ends on SIGTERM or when stdin closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

export interface DaemonListener {
  address: string;
  port: number;
  /** sshd argv for each connection; absent for a host that never speaks. */
  argv?: string[];
}

const plan = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as DaemonListener[];
const servers: net.Server[] = [];
const heldSockets = new Set<net.Socket>();
const sessions = new Set<ChildProcess>();

function serve(listener: DaemonListener, socket: net.Socket): void {
  socket.on('error', () => socket.destroy());
  if (!listener.argv) {
    heldSockets.add(socket);
    socket.on('close', () => heldSockets.delete(socket));
    return;
  }
  const [file, ...args] = listener.argv as [string, ...string[]];
  const child = spawn(file, args, { stdio: [socket, socket, 'ignore'] });
  sessions.add(child);
  child.on('error', () => sessions.delete(child));
  child.on('exit', () => sessions.delete(child));
  // The child holds its own copy of the descriptor; ours must go or the client never sees EOF.
  socket.destroy();
}

function listen(listener: DaemonListener): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ pauseOnConnect: true }, (socket) => serve(listener, socket));
    server.once('error', reject);
    server.listen({ host: listener.address, port: listener.port, backlog: 4096 }, () => {
      servers.push(server);
      resolve();
    });
  });
}

function shutdown(): void {
  for (const server of servers) server.close();
  for (const socket of heldSockets) socket.destroy();
  for (const child of sessions) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 200).unref();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();

Promise.all(plan.map(listen)).then(
  () => process.stdout.write('ready\n'),
  (error: NodeJS.ErrnoException) => {
    process.stdout.write(`error: ${error.code ?? ''} ${error.message}\n`);
    process.exit(1);
  },
);
