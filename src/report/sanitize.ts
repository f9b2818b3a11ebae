/**
 * Host output is printed by whatever runs on the host: it may carry terminal escapes that
 * recolour or rewrite an auditor's terminal, control characters that break XML, or bidi
 * overrides that make text read differently from what it is. Every reporter passes host and
 * inventory strings through here first.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), 8-bit CSI, and two-character ESC sequences.
const ANSI_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[ -~]?/g;

// C0 controls other than tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without terminal escape sequences, other control characters shown as `\xNN`/`\uNNNN`. */
export function visibleText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(ANSI_SEQUENCE, '').replace(INVISIBLE, escapeCode);
}

function escapeCode(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `visibleText` for places that must stay on one line (a host name in a terminal row). */
export function visibleLine(text: string): string {
  return visibleText(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
