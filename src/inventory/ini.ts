/**
 * Ansible INI inventories, read as ansible-core 2.14's plugins/inventory/ini.py reads them:
 * `[g]`, `[g:vars]`, `[g:children]` sections, children named before they are declared,
 * host lines split like a shell (Python shlex) and values typed as Python literals.
 * Unlike Ansible, which warns and falls back to an empty inventory, every error is thrown as
 * FILE:LINE.
 */
import { FileLineError } from '../core/errors.js';
import { expandHostPattern, HostRangeError } from './host-range.js';
import { InventoryModelError, type InventoryData } from './model.js';
import { LiteralTypeError, pythonLiteralValue } from './python-literal.js';
import { ShlexError, shlexSplit } from './shlex.js';
import { locateUnrepresentable, type InventoryValue } from './values.js';
import { PY_SPACE, pythonSplitLines, pythonStrip } from './python-text.js';

// ini.py's patterns; \s and \w there are Python's (Unicode, but without U+FEFF as a space).
const SECTION = new RegExp(`^\\[([^:\\]${PY_SPACE}]+)(?::([\\p{L}\\p{N}_]+))?\\][${PY_SPACE}]*(?:#.*)?$`, 'u');
const GROUP_NAME = new RegExp(`^([^:\\]${PY_SPACE}]+)[${PY_SPACE}]*(?:#.*)?$`, 'u');

type State = 'hosts' | 'vars' | 'children';
interface Pending {
  line: number;
  state: 'vars' | 'children';
  parents: string[];
}

/** Reads INI inventory `text` (from `file`) into `inventory`. */
export function readIniInventory(inventory: InventoryData, text: string, file: string): void {
  new IniReader(inventory, file).read(text);
}

class IniReader {
  private lineNumber = 0;
  private group = 'ungrouped';
  private state: State = 'hosts';
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly inventory: InventoryData,
    private readonly file: string,
  ) {}

  private fail(reason: string, line = this.lineNumber): never {
    throw new FileLineError(this.file, line, reason);
  }

  read(text: string): void {
    for (const raw of pythonSplitLines(text)) {
      this.lineNumber++;
      const line = pythonStrip(raw);
      if (!line || line[0] === '#' || line[0] === ';') continue;
      try {
        this.readLine(line);
      } catch (error) {
        if (error instanceof InventoryModelError) this.fail(error.message);
        if (error instanceof HostRangeError) this.fail(`${error.message}${this.rangeHint(line)}`);
        throw error;
      }
    }
    this.checkPending();
  }

  /** Why a line meant as a section header was read as a host with a bad range. */
  private rangeHint(line: string): string {
    if (line.startsWith('\ufeff')) return ' (the file starts with a UTF-8 byte-order mark, which Ansible does not skip)';
    if (line.startsWith('[')) return ' (if this is a section header, only a # comment may follow it)';
    return '';
  }

  private readLine(line: string): void {
    const section = SECTION.exec(line);
    if (section) return this.startSection(section[1]!, section[2]);
    if (line.startsWith('[') && line.endsWith(']')) {
      this.fail(`invalid section header '${line}': a section is [group], [group:vars] or [group:children], without spaces`);
    }
    if (this.state === 'hosts') this.readHostLine(line);
    else if (this.state === 'vars') this.readVariableLine(line);
    else this.readChildLine(line);
  }

  private startSection(name: string, tag: string | undefined): void {
    const state = tag ?? 'hosts';
    if (state !== 'hosts' && state !== 'vars' && state !== 'children') {
      this.fail(`section [${name}:${state}] has unknown type '${state}' (expected vars or children)`);
    }
    this.group = name;
    this.state = state;
    if (!this.inventory.groups.has(name)) {
      // [g:vars] alone does not declare g; it must be declared somewhere by the end of the file.
      if (state === 'vars' && !this.pending.has(name)) this.pending.set(name, { line: this.lineNumber, state, parents: [] });
      this.inventory.addGroup(name);
    }
    const pending = this.pending.get(name);
    if (pending && state !== 'vars') {
      if (pending.state === 'children') this.addPendingChildren(name);
      else this.pending.delete(name);
    }
  }

  private addPendingChildren(name: string): void {
    const pending = this.pending.get(name)!;
    for (const parent of pending.parents) {
      this.inventory.addChild(parent, name);
      if (this.pending.get(parent)?.state === 'children') this.addPendingChildren(parent);
    }
    this.pending.delete(name);
  }

  private readHostLine(line: string): void {
    let tokens: string[];
    try {
      tokens = shlexSplit(line);
    } catch (error) {
      if (error instanceof ShlexError) this.fail(`cannot split host line '${line}': ${error.message}`);
      throw error;
    }
    const [pattern, ...assignments] = tokens;
    if (pattern === undefined) this.fail(`no host name in '${line}'`);
    const { names, port } = expandHostPattern(pattern);
    if (pattern.trim().endsWith(':') && port === undefined) {
      this.fail(`host '${pattern}' ends in ':', which is reserved for a port`);
    }
    if (names.some((name) => name.trim() === '---')) this.fail(`host '${pattern}' looks like a YAML document start`);
    const variables: Array<[string, InventoryValue]> = assignments.map((token) => {
      const at = token.indexOf('=');
      if (at < 0) this.fail(`expected key=value after the host name, got '${token}'`);
      return [token.slice(0, at), this.typed(token.slice(0, at), token.slice(at + 1))];
    });
    for (const name of names) {
      this.inventory.addHost(name, this.group, port);
      for (const [key, value] of variables) this.inventory.setVariable(name, key, value);
    }
  }

  private readVariableLine(line: string): void {
    const at = line.indexOf('=');
    if (at < 0) this.fail(`expected key=value in [${this.group}:vars], got '${line}'`);
    const key = pythonStrip(line.slice(0, at));
    this.inventory.setVariable(this.group, key, this.typed(key, pythonStrip(line.slice(at + 1))));
  }

  private readChildLine(line: string): void {
    const m = GROUP_NAME.exec(line);
    if (!m) this.fail(`expected a group name in [${this.group}:children], got '${line}'`);
    const child = m[1]!;
    if (this.inventory.groups.has(child)) {
      this.inventory.addChild(this.group, child);
      return;
    }
    const pending = this.pending.get(child);
    if (pending) pending.parents.push(this.group);
    else this.pending.set(child, { line: this.lineNumber, state: 'children', parents: [this.group] });
  }

  private typed(key: string, text: string): InventoryValue {
    let value: InventoryValue;
    try {
      value = pythonLiteralValue(text);
    } catch (error) {
      if (error instanceof LiteralTypeError) this.fail(`value of ${key}: ${error.message}`);
      throw error;
    }
    locateUnrepresentable(value, this.file, this.lineNumber);
    return value;
  }

  /** Ansible reports only the first unresolved declaration, with the line that first named it. */
  private checkPending(): void {
    for (const [name, pending] of this.pending) {
      if (pending.state === 'vars') this.fail(`section [${name}:vars] is for group ${name}, which is never defined`, pending.line);
      this.fail(`section [${pending.parents.at(-1)}:children] includes undefined group ${name}`, pending.line);
    }
  }
}
