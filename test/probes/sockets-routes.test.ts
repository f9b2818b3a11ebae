/**
 * The listener and route parsers against each other on this machine's real outputs: ss,
 * netstat and /proc/net/{tcp,tcp6,udp,udp6} must see the same sockets we open, and
 * /proc/net/route must give the routes `ip route` prints.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSs } from '../../src/probes/parsers/ss.js';
import { parseNetstat } from '../../src/probes/parsers/netstat.js';
import { parseProcNet } from '../../src/probes/parsers/proc-net.js';
import { parseProcNetRoute } from '../../src/probes/parsers/proc-net-route.js';
import type { Listener } from '../../src/core/facts.js';
import { skipUnlessTools } from '../support/tools.js';

const skip = skipUnlessTools(['/usr/bin/ss', '/usr/bin/netstat', '/usr/sbin/ip'], 'apt-get install iproute2 net-tools');

describe.skipIf(skip !== undefined)(`real sockets and routes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const servers: Server[] = [];
  let udp: Socket;
  const ours: Listener[] = [];

  beforeAll(async () => {
    for (const host of ['127.0.0.1', '::1', '::']) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen({ port: 0, host, ipv6Only: host === '::' }, resolve));
      servers.push(server);
      ours.push({ protocol: 'tcp', family: host.includes(':') ? 6 : 4, address: host, port: (server.address() as { port: number }).port });
    }
    udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    ours.push({ protocol: 'udp', family: 4, address: '127.0.0.1', port: udp.address().port });
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    udp.close();
  });

  const key = (l: Listener) => `${l.protocol} ${l.family} ${l.address} ${l.port}`;
  const mine = (list: Listener[]) => list.filter((l) => ours.some((o) => o.port === l.port && o.protocol === l.protocol)).map(key).sort();

  it('ss -ltnu, netstat -ltnu and /proc/net agree on the sockets we opened', () => {
    const expected = ours.map(key).sort();
    const ss = parseSs(execFileSync('ss', ['-ltnu'], { encoding: 'utf8' }))!;
    const netstat = parseNetstat(execFileSync('netstat', ['-ltnu'], { encoding: 'utf8' }))!;
    const proc = (['tcp', 'tcp6', 'udp', 'udp6'] as const).flatMap((f) => parseProcNet(readFileSync(`/proc/net/${f}`, 'utf8'), f));
    expect(mine(ss)).toEqual(expected);
    expect(mine(netstat)).toEqual(expected);
    expect(mine(proc)).toEqual(expected);
  });

  it('ss with the probe\'s port filter lists those ports only; the header alone (no -H, for old iproute2) means none', () => {
    const picked = [ours[0]!, ours[3]!];
    const filter = `( ${picked.map((l) => `sport = :${l.port}`).join(' or ')} )`;
    const got = parseSs(execFileSync('ss', ['-ltnu', filter], { encoding: 'utf8' }))!;
    expect(got.map(key).sort()).toEqual(picked.map(key).sort());
    const none = execFileSync('ss', ['-ltnu', '( sport = :1 )'], { encoding: 'utf8' });
    expect(none.trim().split('\n')).toHaveLength(1);
    expect(parseSs(none)).toEqual([]);
  });

  it('ss -p and netstat -p as root name the owner', () => {
    if (process.getuid?.() !== 0) return;
    const comm = readFileSync('/proc/self/comm', 'utf8').trim();
    const ss = parseSs(execFileSync('ss', ['-ltnup'], { encoding: 'utf8' }))!;
    expect(ss.find((l) => l.port === ours[0]!.port)?.process).toBe(comm);
    const netstat = parseNetstat(execFileSync('netstat', ['-ltnup'], { encoding: 'utf8' }))!;
    // netstat cuts the program name to 15 characters, like comm itself
    expect(netstat.find((l) => l.port === ours[0]!.port)?.process).toBe(comm.slice(0, 15));
    expect(netstat.find((l) => l.protocol === 'udp' && l.port === ours[3]!.port)?.process).toBe(comm.slice(0, 15));
  });

  it('/proc/net/route gives the IPv4 routes of `ip route` (main table)', () => {
    // other tests add and remove interfaces meanwhile: compare snapshots taken together
    let last: [string[], string[]] = [[], []];
    for (let attempt = 0; attempt < 5; attempt++) {
      const ip = execFileSync('ip', ['-4', 'route', 'show', 'table', 'main'], { encoding: 'utf8' });
      const proc = parseProcNetRoute(readFileSync('/proc/net/route', 'utf8'));
      const fromIp = ip.split('\n').filter(Boolean).map((l) => {
        const [dest] = l.split(' ');
        const dev = / dev (\S+)/.exec(l)?.[1];
        const via = / via (\S+)/.exec(l)?.[1];
        return `${dest === 'default' ? 'default' : dest!.includes('/') ? dest : `${dest}/32`} ${dev ?? ''} ${via ?? ''}`;
      }).sort();
      const fromProc = proc.map((r) => `${r.destination} ${r.device ?? ''} ${r.gateway ?? ''}`).sort();
      last = [fromProc, fromIp];
      if (JSON.stringify(fromProc) === JSON.stringify(fromIp)) break;
    }
    expect(last[0]).toEqual(last[1]);
  });
});
