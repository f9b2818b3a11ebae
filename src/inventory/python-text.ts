/**
 * Python's str.splitlines() and str.strip(): Ansible reads inventory lines with them, and
 * they know more line breaks and spaces than JavaScript's split('\n') and trim() (and trim()
 * would strip a byte-order mark, which Python keeps).
 */
/** Python's \s (str.isspace()) as the inside of a RegExp character class. */
export const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

export function pythonStrip(text: string): string {
  return text.replace(LEADING, '').replace(TRAILING, '');
}

export function pythonSplitLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  if (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}
