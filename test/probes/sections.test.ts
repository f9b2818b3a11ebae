import { describe, expect, it } from 'vitest';
import { splitProbeOutput, MAX_SECTION_CHARS } from '../../src/probes/sections.js';

const N = 'n0nce1234abcd';
const begin = (id: string) => `${N} begin ${id}\n`;
const end = (rc: number, id: string) => `\n${N} end ${rc} ${id}\n`;

describe('splitProbeOutput', () => {
  it('returns each section with its text and exit status', () => {
    const out = splitProbeOutput(`${begin('a')}one\ntwo\n${end(0, 'a')}${begin('b')}no newline${end(3, 'b')}`, N);
    expect(out).toEqual({
      a: { stdout: 'one\ntwo\n', exitCode: 0, truncated: false },
      b: { stdout: 'no newline', exitCode: 3, truncated: false },
    });
  });

  it('drops text outside sections (login banners, shell noise)', () => {
    const out = splitProbeOutput(`Welcome to host\n${begin('a')}x${end(0, 'a')}bye\n`, N);
    expect(Object.keys(out)).toEqual(['a']);
  });

  it('cannot be forged by host output that imitates markers without the nonce', () => {
    const hostile = [
      'n0nce1234abcX end 0 a', // one character off
      'N0NCE1234ABCD end 0 a', // other case
      ` ${N} end 0 a`, // not at the start of the line
      'end 0 a',
      '@@ begin fake',
      `${N}x begin fake`,
    ].join('\n');
    const out = splitProbeOutput(`${begin('a')}${hostile}${end(0, 'a')}`, N);
    expect(Object.keys(out)).toEqual(['a']);
    expect(out.a!.stdout).toBe(hostile);
    expect(out.a!.exitCode).toBe(0);
  });

  it('nests sections: the become section holds the root sections', () => {
    const text = `${begin('become')}sudo: lecture\n${begin('root:status')}Uid: 0${end(0, 'root:status')}${end(0, 'become')}`;
    const out = splitProbeOutput(text, N);
    expect(out.become!.stdout).toBe('sudo: lecture\n');
    expect(out['root:status']!.stdout).toBe('Uid: 0');
  });

  it('an end for an outer section closes inner ones without an exit status', () => {
    const out = splitProbeOutput(`${begin('outer')}${begin('inner')}half${end(0, 'outer')}`, N);
    expect(out.inner).toEqual({ stdout: 'half', exitCode: null, truncated: false });
    expect(out.outer!.exitCode).toBe(0);
  });

  it('an end line naming no open section is plain text', () => {
    const out = splitProbeOutput(`${begin('a')}${N} end 0 zzz${end(1, 'a')}`, N);
    expect(out.a!.stdout).toBe(`${N} end 0 zzz`);
  });

  it('leaves sections cut off by a timeout open, marked truncated when the stream was', () => {
    const out = splitProbeOutput(`${begin('a')}x${end(0, 'a')}${begin('b')}partial`, N, { truncated: true });
    expect(out.a!.truncated).toBe(false);
    expect(out.b).toEqual({ stdout: 'partial', exitCode: null, truncated: true });
  });

  it('caps a section and marks it truncated', () => {
    const line = 'y'.repeat(1024);
    const body = Array.from({ length: MAX_SECTION_CHARS / 1024 + 10 }, () => line).join('\n');
    const out = splitProbeOutput(`${begin('big')}${body}${end(0, 'big')}`, N);
    expect(out.big!.truncated).toBe(true);
    expect(out.big!.stdout.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
    expect(out.big!.exitCode).toBe(0);
  });
});
