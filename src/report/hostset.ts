/**
 * Folds host names into ClusterShell-style node sets (`node[01-37,40]`) so that a matrix row
 * can stand for hundreds of hosts. Names fold on their last group of digits; the text
 * around it must match exactly, and zero-padded numbers only fold with numbers of the same
 * width (`node08`, `node09`, `node10` → `node[08-10]`, but `node1` and `node01` stay apart).
 */

interface Pattern {
  prefix: string;
  suffix: string;
  /** Digits of the padded numbers (0 for unpadded). */
  width: number;
}

const LAST_NUMBER = /^(.*?)(\d+)(\D*)$/;

/** `names` folded into one comma-separated node set, in sorted order; duplicates count once. */
export function foldHosts(names: readonly string[]): string {
  const plain: string[] = [];
  const byAffix = new Map<string, { prefix: string; suffix: string; digits: string[] }>();
  for (const name of new Set(names)) {
    const match = LAST_NUMBER.exec(name);
    // Beyond 15 digits a number no longer round-trips through a double: keep such names whole.
    if (!match || (match[2] ?? '').length > 15) {
      plain.push(name);
      continue;
    }
    const [, prefix = '', digits = '', suffix = ''] = match;
    const key = JSON.stringify([prefix, suffix]);
    const entry = byAffix.get(key) ?? { prefix, suffix, digits: [] };
    entry.digits.push(digits);
    byAffix.set(key, entry);
  }

  const parts: { sortKey: SortKey; text: string }[] = plain.map((name) => ({ sortKey: [name, '', 0, 0], text: name }));
  for (const { prefix, suffix, digits } of byAffix.values()) {
    for (const [pattern, numbers] of groupByWidth(prefix, suffix, digits)) {
      parts.push({ sortKey: [prefix, suffix, pattern.width, numbers[0] ?? 0], text: renderSet(pattern, numbers) });
    }
  }
  return parts
    .sort((a, b) => compareKeys(a.sortKey, b.sortKey))
    .map((part) => part.text)
    .join(',');
}

/**
 * A number written with a leading zero fixes its width; a number without one joins the
 * padded set of its own length when there is one (`10` beside `09`), else the unpadded set.
 */
function groupByWidth(prefix: string, suffix: string, digits: string[]): Map<Pattern, number[]> {
  const paddedWidths = new Set(digits.filter(isZeroPadded).map((d) => d.length));
  const sets = new Map<number, number[]>();
  for (const d of digits) {
    const width = isZeroPadded(d) || paddedWidths.has(d.length) ? d.length : 0;
    const list = sets.get(width) ?? [];
    list.push(Number(d));
    sets.set(width, list);
  }
  const result = new Map<Pattern, number[]>();
  for (const [width, numbers] of sets) {
    result.set({ prefix, suffix, width }, [...new Set(numbers)].sort((a, b) => a - b));
  }
  return result;
}

function isZeroPadded(digits: string): boolean {
  return digits.length > 1 && digits.startsWith('0');
}

function renderSet({ prefix, suffix, width }: Pattern, numbers: number[]): string {
  const pad = (n: number): string => String(n).padStart(width, '0');
  if (numbers.length === 1) return `${prefix}${pad(numbers[0] as number)}${suffix}`;
  const ranges: string[] = [];
  let start = numbers[0] as number;
  let previous = start;
  for (const n of [...numbers.slice(1), Number.NaN]) {
    if (n === previous + 1) {
      previous = n;
      continue;
    }
    ranges.push(start === previous ? pad(start) : `${pad(start)}-${pad(previous)}`);
    start = previous = n;
  }
  return `${prefix}[${ranges.join(',')}]${suffix}`;
}

type SortKey = readonly [string, string, number, number];

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}
