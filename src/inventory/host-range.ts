/**
 * Host names as Ansible reads them from inventories: `parse_address` (ansible-core
 * parsing/utils/addresses.py) splits off a port, and `expand_hostname_range`
 * (plugins/inventory/__init__.py) expands `[01:50]`, `[a:f]` and `[1:10:2]` ranges.
 */
export class HostRangeError extends Error {}

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const IPV6_PART = `(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const IPV4_PART = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
// Python's \w in a str pattern is "alphanumeric or underscore" in the Unicode sense.
const WORD = String.raw`[\p{L}\p{N}_]`;
const LABEL = `(?:${WORD}|${ALNUM_RANGE})(?:${WORD}|[_-]|${ALNUM_RANGE})*(?<![_-])`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/s;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/s;
const IPV4 = new RegExp(`^(?:${IPV4_PART}\\.){3}${IPV4_PART}$`, 'i');
const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${IPV6_PART}:){7}${IPV6_PART}`,
      `(?:${IPV6_PART}:){1,6}:`,
      `(?:${IPV6_PART}:)(?::${IPV6_PART}){1,6}`,
      `(?:${IPV6_PART}:){2}(?::${IPV6_PART}){1,5}`,
      `(?:${IPV6_PART}:){3}(?::${IPV6_PART}){1,4}`,
      `(?:${IPV6_PART}:){4}(?::${IPV6_PART}){1,3}`,
      `(?:${IPV6_PART}:){5}(?::${IPV6_PART}){1,2}`,
      `(?:${IPV6_PART}:){6}(?::${IPV6_PART})`,
      `:(?::${IPV6_PART}){1,6}`,
      `${IPV6_PART}?::`,
      `(?:0:){6}(?:${IPV6_PART}\\.){3}${IPV6_PART}`,
      `::(?:ffff:)?(?:${IPV6_PART}\\.){3}${IPV6_PART}`,
    ].join('|') +
    // Python's regex applies the trailing `$` to the last alternative only.
    `|(?:0:){5}ffff:(?:${IPV6_PART}\\.){3}${IPV6_PART}$)`,
  'i',
);
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'iu');

/**
 * `parse_address(address, allow_ranges=True)`: the host part and port, or undefined when
 * Ansible would not recognise the text as a host (it then uses the text unchanged).
 */
export function parseAddress(address: string): { host: string; port: number | undefined } | undefined {
  let host = address;
  let port: number | undefined;
  // Both patterns are tried in turn, as in Ansible: `[h:1]:2` ends as host h, port 1.
  for (const pattern of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = pattern.exec(host);
    if (m) {
      host = m[1]!;
      port = Number(m[2]);
    }
  }
  if (IPV4.test(host) || IPV6.test(host) || HOSTNAME.test(host)) return { host, port };
  return undefined;
}

const ASCII_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Python's int() on a decimal string, or undefined where it raises ValueError. */
function pythonInt(text: string): number | undefined {
  return /^\s*[+-]?[0-9]+(?:_[0-9]+)*\s*$/.test(text) ? Number(text.replace(/_/g, '')) : undefined;
}

function requireInt(text: string): number {
  const value = pythonInt(text);
  if (value === undefined) throw new HostRangeError(`host range bound '${text}' is not a number`);
  return value;
}

function pythonRange(begin: number, end: number, step: number): number[] {
  if (step === 0) throw new HostRangeError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = begin; step > 0 ? i < end : i > end; i += step) out.push(i);
  return out;
}

function letterSequence(begin: string, end: string, stepText: string): string[] | undefined {
  const iBegin = ASCII_LETTERS.indexOf(begin);
  const iEnd = ASCII_LETTERS.indexOf(end);
  if (iBegin < 0 || iEnd < 0) return undefined;
  if (iBegin > iEnd) throw new HostRangeError('host range must have begin <= end');
  const step = pythonInt(stepText);
  if (step === undefined || step === 0) return undefined;
  const slice = ASCII_LETTERS.slice(iBegin, iEnd + 1).split('');
  return step > 0 ? slice.filter((_, i) => i % step === 0) : [];
}

/** `expand_hostname_range`: every name a (possibly multi-range) host pattern stands for. */
export function expandHostRange(pattern: string): string[] {
  if (!pattern.includes('[')) return [pattern];
  const parts = pattern.replace('[', '|').replace(']', '|').split('|');
  if (parts.length !== 3) throw new HostRangeError(`cannot expand host range in '${pattern}'`);
  const [head, range, tail] = parts as [string, string, string];
  const bounds = range.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError('host range must be begin:end or begin:end:step');
  const begin = bounds[0] || '0';
  const end = bounds[1]!;
  const stepText = bounds[2] ?? '1';
  if (!end) throw new HostRangeError('host range must specify end value');
  let fill = (x: string | number) => String(x);
  if (begin[0] === '0' && begin.length > 1) {
    if (begin.length !== end.length) throw new HostRangeError('host range must specify equal-length begin and end formats');
    fill = (x) => String(x).padStart(begin.length, '0');
  }
  const sequence: Array<string | number> =
    letterSequence(begin, end, stepText) ?? pythonRange(requireInt(begin), requireInt(end) + 1, requireInt(stepText));
  return sequence.flatMap((item) => expandHostRange(`${head}${fill(item)}${tail}`));
}

/**
 * `_expand_hostpattern`: the host names and the port of one inventory host entry.
 * Throws HostRangeError for an invalid range.
 */
export function expandHostPattern(text: string): { names: string[]; port: number | undefined } {
  const address = parseAddress(text);
  const pattern = address ? address.host : text;
  return { names: expandHostRange(pattern), port: address?.port };
}
