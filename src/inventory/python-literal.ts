/**
 * Ansible types INI values with Python's `ast.literal_eval` (ansible-core 2.14,
 * plugins/inventory/ini.py `_parse_value`): a value that is a valid Python literal becomes that
 * literal, anything else (a SyntaxError or ValueError in Python) stays the original string.
 * This module reproduces that for the literals JSON can carry and marks the ones it cannot
 * (complex, set, Ellipsis, nested bytes, non-scalar dict keys) as `Unrepresentable`, because
 * ansible-inventory itself only fails on them when it prints them.
 */
import { Unrepresentable, type InventoryValue, type InventoryDict, newDict, pythonInt } from './values.js';

/** Python raised a TypeError (unhashable dict key or set element), which Ansible does not catch. */
export class LiteralTypeError extends Error {}

type Node =
  | { kind: 'const'; value: PyObject }
  | { kind: 'name'; id: string }
  | { kind: 'unary'; op: '+' | '-' | '~'; operand: Node }
  | { kind: 'binary'; op: '+' | '-'; left: Node; right: Node }
  | { kind: 'tuple' | 'list' | 'set'; items: Node[] }
  | { kind: 'dict'; keys: Node[]; values: Node[] }
  | { kind: 'emptySetCall' };

type PyObject =
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'complex' }
  | { type: 'str'; value: string }
  | { type: 'bytes'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'none' }
  | { type: 'ellipsis' }
  | { type: 'tuple' | 'list' | 'set'; items: PyObject[] }
  | { type: 'dict'; entries: Array<[PyObject, PyObject]> };

class NotALiteral extends Error {}

type Token =
  | { t: 'num'; obj: PyObject }
  | { t: 'str'; prefix: string; value: string }
  | { t: 'name'; id: string }
  | { t: 'op'; op: string };

const NUMBER =
  /(?:(?:[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9](?:_?[0-9])*)?|[0-9](?:_?[0-9])*[eE][-+]?[0-9](?:_?[0-9])*)[jJ]?|[0-9](?:_?[0-9])*[jJ]|0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?0)*|[1-9](?:_?[0-9])*/y;
const IDENTIFIER = /[\p{L}\p{Nl}_][\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}]*/uy;
const IDENTIFIER_CHAR = /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}]/u;
const STRING_PREFIX = /^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/;
const OPERATORS = ['...', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '->', ':=', '(', ')', '[', ']', '{', '}', ',', ':', '+', '-', '~', '*', '/', '%', '@', '&', '|', '^', '<', '>', '=', '.', ';'];

function numberToken(text: string): PyObject {
  const clean = text.replace(/_/g, '');
  if (/[jJ]$/.test(clean)) return { type: 'complex' };
  if (/^0[xXoObB]/.test(clean)) return { type: 'int', value: BigInt(clean.toLowerCase()) };
  if (/[.eE]/.test(clean)) return { type: 'float', value: Number(clean) };
  return { type: 'int', value: BigInt(clean) };
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') break;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source);
      if (!m) throw new NotALiteral();
      i += m[0].length;
      if (i < source.length && IDENTIFIER_CHAR.test(source[i]!)) throw new NotALiteral();
      tokens.push({ t: 'num', obj: numberToken(m[0]) });
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const ident = IDENTIFIER.exec(source);
    if (ident) {
      const next = source[i + ident[0].length];
      if ((next === "'" || next === '"') && STRING_PREFIX.test(ident[0])) {
        const [value, end] = readString(source, i + ident[0].length, ident[0].toLowerCase());
        tokens.push({ t: 'str', prefix: ident[0].toLowerCase(), value });
        i = end;
        continue;
      }
      tokens.push({ t: 'name', id: ident[0] });
      i += ident[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const [value, end] = readString(source, i, '');
      tokens.push({ t: 'str', prefix: '', value });
      i = end;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (!op) throw new NotALiteral();
    tokens.push({ t: 'op', op });
    i += op.length;
  }
  return tokens;
}

/** Reads a quoted string body starting at the quote; returns [decoded text, index after it]. */
function readString(source: string, start: number, prefix: string): [string, number] {
  const quote = source.startsWith(source[start]!.repeat(3), start) ? source[start]!.repeat(3) : source[start]!;
  const raw = prefix.includes('r');
  let i = start + quote.length;
  let body = '';
  for (;;) {
    if (i >= source.length) throw new NotALiteral();
    if (source.startsWith(quote, i)) break;
    const c = source[i]!;
    if (c === '\\') {
      if (i + 1 >= source.length) throw new NotALiteral();
      body += c + source[i + 1];
      i += 2;
      continue;
    }
    body += c;
    i++;
  }
  const bytes = prefix.includes('b');
  // eslint-disable-next-line no-control-regex
  if (bytes && /[^\x00-\x7f]/.test(body)) throw new NotALiteral();
  return [raw ? body : decodeEscapes(body, bytes), i + quote.length];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function decodeEscapes(body: string, bytes: boolean): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i]!;
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
    } else if (/[0-7]/.test(e)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCodePoint(parseInt(digits, 8) & (bytes ? 0xff : 0x1ff));
      i += digits.length - 1;
    } else if (e === 'x' || (!bytes && (e === 'u' || e === 'U'))) {
      const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw new NotALiteral();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw new NotALiteral();
      out += String.fromCodePoint(code);
      i += width;
    } else if (!bytes && e === 'N') {
      // \N{NAME} needs the Unicode name database; treated as not a literal (documented gap).
      throw new NotALiteral();
    } else {
      out += '\\' + e;
    }
  }
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    if (this.tokens.length === 0) throw new NotALiteral();
    const node = this.exprList(null);
    if (this.pos !== this.tokens.length) throw new NotALiteral();
    return node;
  }

  private peekOp(op: string): boolean {
    const tok = this.tokens[this.pos];
    return tok !== undefined && tok.t === 'op' && tok.op === op;
  }

  private expectOp(op: string): void {
    if (!this.peekOp(op)) throw new NotALiteral();
    this.pos++;
  }

  /** A comma-separated expression list; a comma anywhere makes it a tuple. */
  private exprList(closer: string | null): Node {
    const items: Node[] = [];
    let sawComma = false;
    while (this.pos < this.tokens.length && !(closer && this.peekOp(closer))) {
      items.push(this.expr());
      if (!this.peekOp(',')) break;
      this.pos++;
      sawComma = true;
    }
    if (items.length === 1 && !sawComma) return items[0]!;
    if (items.length === 0 && closer === null) throw new NotALiteral();
    return { kind: 'tuple', items };
  }

  private expr(): Node {
    let left = this.unary();
    while (this.peekOp('+') || this.peekOp('-')) {
      const op = (this.tokens[this.pos++] as { op: '+' | '-' }).op;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    for (const op of ['+', '-', '~'] as const) {
      if (this.peekOp(op)) {
        this.pos++;
        return { kind: 'unary', op, operand: this.unary() };
      }
    }
    return this.atom();
  }

  private atom(): Node {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new NotALiteral();
    switch (tok.t) {
      case 'num':
        return { kind: 'const', value: tok.obj };
      case 'str':
        return this.strings(tok);
      case 'name':
        return this.name(tok.id);
      case 'op':
        return this.display(tok.op);
    }
  }

  /** Adjacent string literals concatenate; str and bytes cannot mix, f-strings are not literals. */
  private strings(first: Extract<Token, { t: 'str' }>): Node {
    const parts = [first];
    for (let tok = this.tokens[this.pos]; tok && tok.t === 'str'; tok = this.tokens[++this.pos]) parts.push(tok);
    const isBytes = (p: { prefix: string }) => p.prefix.includes('b');
    if (parts.some((p) => isBytes(p) !== isBytes(first))) throw new NotALiteral();
    if (parts.some((p) => p.prefix.includes('f'))) throw new NotALiteral();
    const value = parts.map((p) => p.value).join('');
    return { kind: 'const', value: isBytes(first) ? { type: 'bytes', value } : { type: 'str', value } };
  }

  private name(id: string): Node {
    if (id === 'True' || id === 'False') return { kind: 'const', value: { type: 'bool', value: id === 'True' } };
    if (id === 'None') return { kind: 'const', value: { type: 'none' } };
    if (id === 'set' && this.peekOp('(')) {
      this.pos++;
      this.expectOp(')');
      return { kind: 'emptySetCall' };
    }
    return { kind: 'name', id };
  }

  private display(op: string): Node {
    if (op === '...') return { kind: 'const', value: { type: 'ellipsis' } };
    if (op === '(') {
      const inner = this.exprList(')');
      this.expectOp(')');
      return inner;
    }
    if (op === '[') {
      const items = this.items(']');
      return { kind: 'list', items };
    }
    if (op === '{') return this.braces();
    throw new NotALiteral();
  }

  private items(closer: string): Node[] {
    const items: Node[] = [];
    while (!this.peekOp(closer)) {
      items.push(this.expr());
      if (!this.peekOp(',')) break;
      this.pos++;
    }
    this.expectOp(closer);
    return items;
  }

  private braces(): Node {
    if (this.peekOp('}')) {
      this.pos++;
      return { kind: 'dict', keys: [], values: [] };
    }
    const first = this.expr();
    if (!this.peekOp(':')) {
      const rest = this.peekOp(',') ? (this.pos++, this.items('}')) : (this.expectOp('}'), []);
      return { kind: 'set', items: [first, ...rest] };
    }
    const keys = [first];
    const values: Node[] = [];
    for (;;) {
      this.expectOp(':');
      values.push(this.expr());
      if (!this.peekOp(',')) break;
      this.pos++;
      if (this.peekOp('}')) break;
      keys.push(this.expr());
    }
    this.expectOp('}');
    return { kind: 'dict', keys, values };
  }
}

const isNumber = (o: PyObject) => o.type === 'int' || o.type === 'float' || o.type === 'complex';

/** ast.literal_eval's `_convert`: what Python accepts as a literal once the syntax is valid. */
function convert(node: Node): PyObject {
  switch (node.kind) {
    case 'const':
      return node.value;
    case 'tuple':
    case 'list':
      return { type: node.kind, items: node.items.map(convert) };
    case 'set': {
      const items = node.items.map(convert);
      return { type: 'set', items: dedupe(items) };
    }
    case 'emptySetCall':
      return { type: 'set', items: [] };
    case 'dict': {
      const entries: Array<[PyObject, PyObject]> = [];
      const index = new Map<string, number>();
      node.keys.forEach((keyNode, i) => {
        const key = convert(keyNode);
        const value = convert(node.values[i]!);
        const hash = hashKey(key);
        const at = index.get(hash);
        if (at === undefined) {
          index.set(hash, entries.length);
          entries.push([key, value]);
        } else {
          entries[at]![1] = value;
        }
      });
      return { type: 'dict', entries };
    }
    case 'unary': {
      if (node.op === '~' || node.operand.kind !== 'const' || !isNumber(node.operand.value)) throw new NotALiteral();
      return negateIf(node.op === '-', node.operand.value);
    }
    case 'binary': {
      const left = signedNumber(node.left);
      const right = node.right.kind === 'const' ? node.right.value : undefined;
      if ((left.type === 'int' || left.type === 'float') && right?.type === 'complex') return { type: 'complex' };
      throw new NotALiteral();
    }
    case 'name':
      throw new NotALiteral();
  }
}

function signedNumber(node: Node): PyObject {
  if (node.kind === 'const' && isNumber(node.value)) return node.value;
  if (node.kind === 'unary' && node.op !== '~' && node.operand.kind === 'const' && isNumber(node.operand.value)) {
    return negateIf(node.op === '-', node.operand.value);
  }
  throw new NotALiteral();
}

function negateIf(negate: boolean, value: PyObject): PyObject {
  if (!negate) return value;
  if (value.type === 'int') return { type: 'int', value: -value.value };
  if (value.type === 'float') return { type: 'float', value: -value.value };
  return value;
}

function dedupe(items: PyObject[]): PyObject[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const hash = hashKey(item);
    if (seen.has(hash)) return false;
    seen.add(hash);
    return true;
  });
}

/** Python equality for hashable values (1 == 1.0 == True), or the TypeError for unhashable ones. */
function hashKey(o: PyObject): string {
  switch (o.type) {
    case 'int':
      return `n${o.value}`;
    case 'bool':
      return o.value ? 'n1' : 'n0';
    case 'float':
      return Number.isInteger(o.value) ? `n${BigInt(o.value)}` : `f${o.value}`;
    case 'complex':
      return `c${Math.random()}`;
    case 'str':
      return `s${o.value}`;
    case 'bytes':
      return `b${o.value}`;
    case 'none':
      return 'N';
    case 'ellipsis':
      return 'E';
    case 'tuple':
      return `t${JSON.stringify(o.items.map(hashKey))}`;
    default:
      throw new LiteralTypeError(`a Python ${o.type} cannot be a dict key or set element (unhashable)`);
  }
}

/** Python's repr() of a float, as json.dumps writes float dict keys. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/[-.]/g, '');
  let text: string;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
    else if (digits.length > exponent + 1) text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
    else text = `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    text = `${m}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return negative ? `-${text}` : text;
}

function jsonKey(key: PyObject): string | undefined {
  switch (key.type) {
    case 'str':
      return key.value;
    case 'int':
      return key.value.toString();
    case 'float':
      return pythonFloatRepr(key.value);
    case 'bool':
      return key.value ? 'true' : 'false';
    case 'none':
      return 'null';
    default:
      return undefined;
  }
}

function decodeBytes(binary: string): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function toInventoryValue(o: PyObject, topLevel: boolean): InventoryValue {
  switch (o.type) {
    case 'str':
      return o.value;
    case 'bytes':
      // to_text() turns a top-level bytes literal into text; nested bytes reach json.dumps as-is.
      return topLevel ? decodeBytes(o.value) : new Unrepresentable('bytes');
    case 'int':
      return pythonInt(o.value);
    case 'float':
      return o.value;
    case 'bool':
      return o.value;
    case 'none':
      return null;
    case 'complex':
    case 'set':
    case 'ellipsis':
      return new Unrepresentable(o.type);
    case 'tuple':
    case 'list':
      return o.items.map((item) => toInventoryValue(item, false));
    case 'dict': {
      const dict: InventoryDict = newDict();
      for (const [key, value] of o.entries) {
        const name = jsonKey(key);
        if (name === undefined) return new Unrepresentable(`dict with a ${key.type} key`);
        dict[name] = toInventoryValue(value, false);
      }
      return dict;
    }
  }
}

/**
 * The value Ansible's INI plugin stores for `text`. Throws LiteralTypeError where Python's
 * literal_eval raises TypeError (Ansible then fails to parse the whole file).
 */
export function pythonLiteralValue(text: string): InventoryValue {
  let parsed: PyObject;
  try {
    parsed = convert(new Parser(tokenize(text.replace(/^[ \t]+/, ''))).parseAll());
  } catch (error) {
    if (error instanceof NotALiteral) return text;
    throw error;
  }
  return toInventoryValue(parsed, true);
}
