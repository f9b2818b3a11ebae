import { describe, expect, it } from 'vitest';
import { renderTerminal, shouldUseColor } from '../../src/report/terminal.js';
import { HOSTILE_NAME } from '../fixtures/results/build-fleet.js';
import { loadFleet } from './helpers.js';

const SGR = /\u001b\[\d+m/g;

describe('shouldUseColor', () => {
  it('colours a terminal', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
  });
  it('never colours a pipe or file', () => {
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({}, {})).toBe(false);
  });
  it('honours NO_COLOR when it is set to anything but the empty string', () => {
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});

describe('renderTerminal', () => {
  const plain = renderTerminal(loadFleet(), { color: false });
  const lines = plain.trimEnd().split('\n');

  it('prints a line per host with counts and the failing checks', () => {
    const node03 = lines.find((line) => line.includes(' node03 '));
    expect(node03).toMatch(/✗ node03 +2 fail, 1 warn, 3 skip, 7 pass — fail: node\.networkmanager, node\.firewall$/);
    expect(lines.find((line) => line.includes(' node01 '))).toMatch(/node01 +3 skip, 10 pass$/);
  });

  it('gives unreachable hosts their reason', () => {
    expect(lines.find((line) => line.includes(' db-01 '))).toMatch(/unreachable \(timed out\): no answer from 198\.18\.0\.31:22 within 10 s$/);
  });

  it('says what to look at, hosts with the same finding folded, worst first', () => {
    const start = lines.indexOf('To look at (evidence and fixes are in the HTML report):');
    expect(start).toBeGreaterThan(0);
    const actions = lines.slice(start + 1, lines.indexOf('', start));
    expect(actions[0]).toBe('  ✗ node.networkmanager on node[03-04]: NetworkManager is active and may manage cali* and tunl* interfaces');
    expect(actions.map((line) => line.trim()[0])).toEqual(['✗', '✗', '✗', '✗', '?', '!']);
    expect(actions.at(-1)).toBe('  ! node.distro on node[03-04]: Rocky Linux 9.0 is not on the list Calico v3.22 was tested on');
    expect(actions.some((line) => line.includes('node.arch'))).toBe(false);
  });

  it('lists fleet findings needing action and ends with the verdict', () => {
    expect(plain).toContain('✗ fleet.unique-hostnames (node[01-02]): node01 and node02 both report the hostname node01');
    expect(lines.at(-2)).toBe('NOT READY: 9 of 9 hosts need attention (6 failing, 3 unreachable)');
    expect(lines.at(-1)).toBe('Findings: 6 fail, 1 unknown, 3 warn, 2 waived, 18 skip, 51 pass');
  });

  it('has no escape sequences without colour, and only its own with colour', () => {
    expect(plain).not.toContain('\u001b');
    const coloured = renderTerminal(loadFleet(), { color: true });
    expect(coloured).toMatch(SGR);
    expect(coloured.replace(SGR, '')).toBe(plain);
  });

  it('neutralises terminal escapes in host data', () => {
    const result = loadFleet();
    result.hosts[0]!.name = `${HOSTILE_NAME}\u001b]0;title\u0007\u001b[2J\nfake  ✓ line`;
    const output = renderTerminal(result, { color: false });
    expect(output).not.toContain('\u001b');
    expect(output.split('\n')[0]).toMatch(/^ {2}– evil<script>.*\{\{constructor\}\}\\nfake {2}✓ line {2}3 skip, 10 pass$/);
  });
});
