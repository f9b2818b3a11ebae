import { describe, expect, it } from 'vitest';
import { visibleLine, visibleText } from '../../src/report/sanitize.js';

describe('visibleText', () => {
  it('removes colour and cursor sequences (CSI), including 8-bit CSI', () => {
    expect(visibleText('\u001b[1;31mred\u001b[0m \u001b[2J\u001b[H\u009b2Kdone')).toBe('red done');
  });

  it('removes title-setting OSC sequences ended by BEL or ST, and unterminated ones', () => {
    expect(visibleText('a\u001b]0;pwned\u0007b\u001b]2;x\u001b\\c')).toBe('abc');
    expect(visibleText('a\u001b]8;;http://evil/')).toBe('a');
  });

  it('removes two-character escapes such as a terminal reset', () => {
    expect(visibleText('before\u001bcafter')).toBe('beforeafter');
  });

  it('shows other control characters and DEL as \\xNN', () => {
    expect(visibleText('nul\u0000 bell\u0007 bs\u0008 vt\u000b ff\u000c cr\r del\u007f c1\u0085')).toBe(
      'nul\\x00 bell\\x07 bs\\x08 vt\\x0b ff\\x0c cr\\x0d del\\x7f c1\\x85',
    );
  });

  it('shows bidi overrides and isolates, which make text read differently from what it is', () => {
    expect(visibleText('user\u202Egnp.exe\u2066x\u2069')).toBe('user\\u202egnp.exe\\u2066x\\u2069');
  });

  it('keeps tabs, newlines and ordinary Unicode; CRLF becomes LF', () => {
    expect(visibleText('a\tb\r\nc ✓ ü 漢字 {{x}} <b>')).toBe('a\tb\nc ✓ ü 漢字 {{x}} <b>');
  });
});

describe('visibleLine', () => {
  it('also shows newlines and tabs, to keep one line', () => {
    expect(visibleLine('host\nfake\tline\u001b[2K')).toBe('host\\nfake\\tline');
  });
});
