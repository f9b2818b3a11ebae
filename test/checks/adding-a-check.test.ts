/**
 * README's "Adding a check" walkthrough, for real: its example (a sysctl check, the file in
 * test/fixtures/example-check/, shown verbatim in README.md) is probed and judged through the
 * real probe script on this machine with no change anywhere in src/probes: the sysctl it
 * declares reaches the script's arguments, the host prints it, the parser hands it over.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/catalogue.js';
import { probeRequestFor } from '../../src/probes/index.js';
import { nodeIpForward } from '../fixtures/example-check/ip-forward.js';
import { runProbe } from '../probes/run-probe.js';
import { settings } from './facts.js';

const EXAMPLE = new URL('../fixtures/example-check/ip-forward.ts', import.meta.url);
const README = new URL('../../README.md', import.meta.url);

describe("README's walkthrough: a new sysctl check", () => {
  it('is shown in README.md exactly as the file the test runs', () => {
    const example = readFileSync(EXAMPLE, 'utf8').replaceAll('../../../src/checks/', '../');
    expect(readFileSync(README, 'utf8')).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it('is probed and judged with nothing changed in the probes: its sysctl is asked for, read and handed over', async () => {
    const before = probeRequestFor(CHECKS.map((check) => check.needs));
    expect(before.sysctls).not.toContain('net/ipv4/ip_forward');
    const request = probeRequestFor([...CHECKS, nodeIpForward].map((check) => check.needs));
    expect(request.sysctls).toContain('net/ipv4/ip_forward');

    const run = await runProbe(['/bin/sh', '-c'], { request });
    const verdict = nodeIpForward.evaluate(run.facts, settings());
    const actual = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();
    expect(verdict.status).toBe(actual === '1' ? 'pass' : 'fail');
    expect(verdict.evidence[0]?.fact).toBe(`net.ipv4.ip_forward = ${actual}`);
  });
});
