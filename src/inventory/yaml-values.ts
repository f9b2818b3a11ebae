/**
 * YAML (and JSON) documents loaded the way Ansible loads them: json.loads first, then PyYAML,
 * which resolves plain scalars with YAML 1.1 rules (`yes`/`on` are booleans, `010` is octal 8,
 * `1.0e5` stays a string, `2024-01-02` is a date). The `yaml` package gives the syntax tree;
 * typing is done here so it matches PyYAML rather than YAML 1.2.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { pythonFloatRepr } from './python-literal.js';
import { newDict, pythonInt, Unrepresentable, type InventoryDict, type InventoryValue } from './values.js';

export type YamlScalar = string | number | bigint | boolean | null | Unrepresentable;
export type YamlData = YamlScalar | YamlData[] | YamlMap;

export interface YamlEntry {
  key: YamlScalar;
  /** The key as json.dumps writes it (`1` → "1", `1.0` → "1.0", `true` → "true"). */
  keyText: string;
  value: YamlData;
  line: number;
}

/** A mapping with Python dict semantics: a repeated key keeps its first place and its last value. */
export class YamlMap {
  readonly entries: YamlEntry[] = [];
  constructor(readonly line: number) {}

  get(key: string): YamlEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  set(entry: YamlEntry): void {
    const same = this.entries.findIndex((e) => sameKey(e.key, entry.key));
    if (same >= 0) this.entries[same] = { ...entry, line: this.entries[same]!.line };
    else this.entries.push(entry);
  }
}

function sameKey(a: YamlScalar, b: YamlScalar): boolean {
  const numeric = (v: YamlScalar) => (typeof v === 'boolean' ? Number(v) : v);
  return numeric(a) === numeric(b);
}

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

const PY_NULL = /^(?:~|null|Null|NULL|)$/;
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const PY_TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?$/;
// Tags Ansible's YAML loader can construct, and on which kind of node.
const TAG_KINDS: Record<string, string[]> = Object.fromEntries([
  ...['str', 'python/unicode', 'int', 'float', 'bool', 'null', 'timestamp', 'binary'].map((t) => [`tag:yaml.org,2002:${t}`, ['scalar']]),
  ...['map', 'python/dict', 'set'].map((t) => [`tag:yaml.org,2002:${t}`, ['map']]),
  ...['seq', 'omap', 'pairs'].map((t) => [`tag:yaml.org,2002:${t}`, ['seq']]),
]);
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

interface Typed {
  value: YamlScalar;
  keyText: string;
}

function sexagesimal(text: string): number {
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function pyYamlInt(source: string): number | bigint {
  let text = source.replace(/_/g, '');
  const sign = text.startsWith('-') ? -1n : 1n;
  text = text.replace(/^[-+]/, '');
  if (text.includes(':')) return Number(sign) * sexagesimal(text);
  if (text.startsWith('0b') || text.startsWith('0x')) return pythonInt(sign * BigInt(text));
  if (text.startsWith('0') && text !== '0') return pythonInt(sign * BigInt(`0o${text.slice(1)}`));
  return pythonInt(sign * BigInt(text));
}

function pyYamlFloat(source: string): number {
  let text = source.replace(/_/g, '').toLowerCase();
  const sign = text.startsWith('-') ? -1 : 1;
  text = text.replace(/^[-+]/, '');
  if (text === '.inf') return sign * Infinity;
  if (text === '.nan') return NaN;
  if (text.includes(':')) return sign * sexagesimal(text);
  return sign * Number(text);
}

const pad = (n: number | string, width = 2) => String(n).padStart(width, '0');

/** Python's datetime.isoformat() of what PyYAML builds from a timestamp. */
function pyYamlTimestamp(m: RegExpExecArray): string {
  const [, y, mo, d, h, mi, s, fraction, tz, tzSign, tzHour, tzMinute] = m;
  let text = `${y}-${pad(mo!)}-${pad(d!)}T${pad(h!)}:${mi}:${s}`;
  const micro = (fraction ?? '').slice(0, 6).padEnd(6, '0');
  if (Number(micro) !== 0) text += `.${micro}`;
  const zeroOffset = Number(tzHour ?? 0) === 0 && Number(tzMinute ?? 0) === 0;
  if (tzSign) text += `${zeroOffset ? '+' : tzSign}${pad(tzHour!)}:${pad(tzMinute ?? '0')}`;
  else if (tz) text += '+00:00';
  return text;
}

function plainScalar(text: string): Typed {
  // PyYAML resolves a plain `=` and `<<` (outside a merge key) to tags it cannot construct.
  if (text === '=' || text === '<<') throw new YamlSyntaxError(`cannot use a plain ${text} as a value (quote it)`, undefined);
  if (PY_NULL.test(text)) return { value: null, keyText: 'null' };
  if (PY_BOOL.test(text)) {
    const value = /^(?:yes|true|on)$/i.test(text);
    return { value, keyText: String(value) };
  }
  if (PY_INT.test(text)) {
    let value: number | bigint;
    try {
      value = pyYamlInt(text);
    } catch {
      throw new YamlSyntaxError(`invalid integer ${text}`, undefined);
    }
    return { value, keyText: String(value) };
  }
  if (PY_FLOAT.test(text)) {
    const value = pyYamlFloat(text);
    return { value, keyText: pythonFloatRepr(value) };
  }
  const date = PY_DATE.exec(text);
  if (date) return { value: text, keyText: text };
  const stamp = PY_TIMESTAMP.exec(text);
  if (stamp) {
    const iso = pyYamlTimestamp(stamp);
    return { value: iso, keyText: iso };
  }
  return { value: text, keyText: text };
}

function jsonScalar(text: string): Typed {
  if (text === 'null') return { value: null, keyText: 'null' };
  if (text === 'true' || text === 'false') return { value: text === 'true', keyText: text };
  const m = JSON_NUMBER.exec(text);
  if (m) {
    if (m[1] || m[2]) {
      const value = Number(text);
      return { value, keyText: pythonFloatRepr(value) };
    }
    return { value: pythonInt(BigInt(text)), keyText: BigInt(text).toString() };
  }
  return { value: text, keyText: text };
}

class Converter {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly resolvePlain: (text: string) => Typed,
  ) {}

  private lineOf(node: Node | null | undefined): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 0 : this.lines.linePos(offset).line;
  }

  typed(node: Node | null | undefined, depth = 0): Typed & { data: YamlData } {
    if (depth > 200) throw new YamlSyntaxError('YAML nesting too deep (alias loop?)', this.lineOf(node));
    if (node === null || node === undefined) return { value: null, keyText: 'null', data: null };
    if (isAlias(node)) return this.typed(node.resolve(this.doc) as Node | undefined, depth + 1);
    if (node.tag === '!unsafe' || node.tag === '!vault' || node.tag === '!vault-encrypted') return this.ansibleTagged(node, depth);
    this.checkTag(node);
    if (isScalar(node)) {
      const text = String(node.value ?? '');
      const t = this.scalar(node, text);
      return { ...t, data: t.value };
    }
    if (isSeq(node)) {
      let items = node.items.map((item) => this.typed(item as Node, depth + 1).data);
      if (node.tag === 'tag:yaml.org,2002:omap' || node.tag === 'tag:yaml.org,2002:pairs') items = this.pairs(node, items);
      return { value: new Unrepresentable('list used as a key'), keyText: '', data: items };
    }
    if (isMap(node) && node.tag === 'tag:yaml.org,2002:set') {
      return { value: new Unrepresentable('set'), keyText: '', data: new Unrepresentable('set') };
    }
    if (isMap(node)) {
      const map = new YamlMap(this.lineOf(node));
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const valueNode = pair.value as Node | null;
        if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<') {
          this.merge(map, this.typed(valueNode, depth + 1).data);
          continue;
        }
        const key = this.typed(keyNode, depth + 1);
        if (key.value instanceof Unrepresentable) throw new YamlSyntaxError('found unhashable key', this.lineOf(keyNode));
        map.set({ key: key.value, keyText: key.keyText, value: this.typed(valueNode, depth + 1).data, line: this.lineOf(keyNode) });
      }
      return { value: new Unrepresentable('mapping used as a key'), keyText: '', data: map };
    }
    return { value: null, keyText: 'null', data: null };
  }

  /** `!!omap` / `!!pairs`: a list of one-key mappings becomes a list of [key, value] pairs. */
  private pairs(node: Node, items: YamlData[]): YamlData[] {
    return items.map((item) => {
      if (!(item instanceof YamlMap) || item.entries.length !== 1) {
        throw new YamlSyntaxError('!!omap and !!pairs need a list of one-key mappings', this.lineOf(node));
      }
      return [item.entries[0]!.key, item.entries[0]!.value];
    });
  }

  /** PyYAML (with Ansible's constructors) refuses tags it has no constructor for, or on the wrong kind of node. */
  private checkTag(node: Node): void {
    const tag = node.tag;
    if (tag === undefined || tag === '!') return;
    const kind = isScalar(node) ? 'scalar' : isSeq(node) ? 'seq' : 'map';
    if (!TAG_KINDS[tag]?.includes(kind)) {
      throw new YamlSyntaxError(`could not determine a constructor for the tag '${tag}' here`, this.lineOf(node));
    }
  }

  /** A scalar's value: explicit core tags convert its text, plain ones resolve as PyYAML does. */
  private scalar(node: Scalar, text: string): Typed {
    const tag = node.tag?.replace('tag:yaml.org,2002:', '');
    if (tag === 'str' || tag === 'python/unicode') return { value: text, keyText: text };
    if (tag === 'binary') return { value: new Unrepresentable('bytes'), keyText: '' };
    if (tag !== undefined && tag !== '!') return this.explicitScalar(node, tag, text);
    const quoted = node.type !== 'PLAIN' && node.type !== undefined;
    return quoted ? { value: text, keyText: text } : this.resolvePlainAt(node, node.type === undefined ? '' : text);
  }

  /** `!!int`, `!!float`, `!!bool`, `!!null`, `!!timestamp`: PyYAML's constructors for them. */
  private explicitScalar(node: Node, tag: string, text: string): Typed {
    const invalid = () => new YamlSyntaxError(`'${text}' is not a valid !!${tag}`, this.lineOf(node));
    if (tag === 'null') return { value: null, keyText: 'null' };
    if (tag === 'float' && !PY_FLOAT.test(text) && !PY_INT.test(text)) {
      const value = Number(text.replace(/_/g, ''));
      if (text.trim() === '' || Number.isNaN(value)) throw invalid();
      return { value, keyText: pythonFloatRepr(value) };
    }
    const t = this.resolvePlainAt(node, text);
    const ok =
      (tag === 'int' && PY_INT.test(text)) ||
      (tag === 'float' && typeof t.value !== 'string') ||
      (tag === 'bool' && typeof t.value === 'boolean') ||
      (tag === 'timestamp' && (PY_DATE.test(text) || PY_TIMESTAMP.test(text)));
    if (!ok) throw invalid();
    return tag === 'float' && typeof t.value !== 'number' ? { value: Number(t.value), keyText: pythonFloatRepr(Number(t.value)) } : t;
  }

  private resolvePlainAt(node: Node, text: string): Typed {
    try {
      return this.resolvePlain(text);
    } catch (error) {
      if (error instanceof YamlSyntaxError) throw new YamlSyntaxError(error.message, this.lineOf(node));
      throw error;
    }
  }

  /**
   * Ansible's own tags: `!vault` text prints as {"__ansible_vault": …}; `!unsafe` marks every
   * string inside (a scalar is taken verbatim, untyped) and prints as {"__ansible_unsafe": …}.
   */
  private ansibleTagged(node: Node, depth: number): Typed & { data: YamlData } {
    const key = node.tag === '!unsafe' ? '__ansible_unsafe' : '__ansible_vault';
    const wrapString = (data: YamlData): YamlData => {
      if (typeof data !== 'string') return data;
      const map = new YamlMap(this.lineOf(node));
      map.set({ key, keyText: key, value: data, line: map.line });
      return map;
    };
    // PyYAML builds nested collections lazily, after wrap_var copied them: they come out empty.
    const shallow = (data: YamlData): YamlData =>
      Array.isArray(data) ? [] : data instanceof YamlMap ? new YamlMap(data.line) : wrapString(data);
    const wrap = (data: YamlData): YamlData => {
      if (Array.isArray(data)) return data.map(shallow);
      if (data instanceof YamlMap) {
        const map = new YamlMap(data.line);
        for (const entry of data.entries) map.set({ ...entry, value: shallow(entry.value) });
        return map;
      }
      return wrapString(data);
    };
    const inner = isScalar(node) ? String(node.value ?? '') : this.typed(Object.assign(node.clone(), { tag: undefined }) as Node, depth + 1).data;
    return { value: new Unrepresentable('tagged value used as a key'), keyText: '', data: wrap(inner) };
  }

  /** `<<: *base` (or a list of them): merged keys come first, the map's own keys win. */
  private merge(target: YamlMap, source: YamlData): void {
    const sources = Array.isArray(source) ? source : [source];
    for (const item of sources) {
      if (!(item instanceof YamlMap)) throw new YamlSyntaxError('expected a mapping for merging', target.line);
      for (const entry of item.entries) if (!target.entries.some((e) => sameKey(e.key, entry.key))) target.entries.push(entry);
    }
  }
}

/** Parses YAML or JSON text into data with Python semantics; throws YamlSyntaxError. */
export function loadYamlData(text: string): YamlData {
  let isJson = true;
  try {
    JSON.parse(text);
  } catch {
    isJson = false;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, lineCounter: lines });
  const error = doc.errors[0];
  if (error) throw new YamlSyntaxError(error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), error.linePos?.[0].line);
  const converter = new Converter(doc, lines, isJson ? jsonScalar : plainScalar);
  return converter.typed(doc.contents as Node | null).data;
}

/** Python truthiness, as the yaml plugin tests `if not data`. */
export function truthy(data: YamlData): boolean {
  if (data instanceof YamlMap) return data.entries.length > 0;
  if (Array.isArray(data)) return data.length > 0;
  return data !== null && data !== false && data !== 0 && data !== '';
}

export function toInventoryValue(data: YamlData): InventoryValue {
  if (data instanceof YamlMap) {
    const dict: InventoryDict = newDict();
    for (const entry of data.entries) dict[entry.keyText] = toInventoryValue(entry.value);
    return dict;
  }
  if (Array.isArray(data)) return data.map(toInventoryValue);
  return data;
}
