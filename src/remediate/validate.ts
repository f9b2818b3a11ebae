/**
 * A result file is input: it may be edited by hand, come from a newer version, or carry
 * values a hostile host put into its own facts. Before any value reaches a playbook or a
 * script it must match a strict pattern for what it is; anything else is refused with a
 * reason, never escaped into something that runs.
 */
import { FIX_KINDS, type Fix, type FixKind } from '../core/fix.js';
import { quoted } from './text.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Inventory names as hosts: lines and play hosts lists use them: DNS-like names, IPv4 and IPv6 literals. */
const HOST_NAME = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)$/;
/** Ansible pattern words that mean more than one host. */
const RESERVED_HOST_NAMES = new Set(['all', 'ungrouped']);
const CHECK_ID = /^[a-z0-9][a-z0-9.-]{0,63}$/;
/** Only drop-in directories we own a file in; never a path that could grant access (sudoers, cron, ssh). */
const DROP_IN_FILE = /^\/etc\/(?:NetworkManager\/conf\.d|sysctl\.d|modules-load\.d)\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}\.conf$/;
const MODE = /^0[0-7]{3}$/;
const UNIT = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/;
const SYSCTL_KEY = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+){1,15}$/;
const SYSCTL_VALUE = /^[A-Za-z0-9_.:-]{1,64}$/;
const MODULE = /^[A-Za-z0-9_-]{1,64}$/;
/** File content: printable ASCII, tabs and newlines (no character a YAML or sh reader treats specially as a break). */
const CONTENT = /^[\t\n\x20-\x7e]{0,65536}$/;

export function checkHostName(name: string): Checked<string> {
  if (HOST_NAME.test(name) && !RESERVED_HOST_NAMES.has(name)) return { ok: true, value: name };
  return {
    ok: false,
    reason: `the inventory name ${quoted(name)} is not a plain host name or address, so no playbook or script names it; fix this host by hand`,
  };
}

export function checkCheckId(id: string): Checked<string> {
  return CHECK_ID.test(id) ? { ok: true, value: id } : { ok: false, reason: `${quoted(id)} is not a check id` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one string field that must match `pattern`; throws the reason otherwise. */
function field(fix: Record<string, unknown>, name: string, pattern: RegExp): string {
  const value = fix[name];
  if (typeof value !== 'string') throw new Refused(`its ${name} is missing`);
  if (!pattern.test(value)) throw new Refused(`its ${name} ${quoted(value.slice(0, 200))} is not allowed`);
  return value;
}

class Refused extends Error {}

function modules(fix: Record<string, unknown>): string[] {
  const list = fix.modules;
  if (!Array.isArray(list) || list.length === 0 || list.length > 500) throw new Refused('its module list is missing');
  const bad = list.find((name) => typeof name !== 'string' || !MODULE.test(name));
  if (bad !== undefined) throw new Refused(`the module name ${quoted(String(bad).slice(0, 200))} is not allowed`);
  return list as string[];
}

/** The fix rebuilt from checked fields only, so nothing unchecked rides along. */
function rebuild(fix: Record<string, unknown>, kind: FixKind): Fix {
  switch (kind) {
    case 'write-file':
      return {
        kind,
        path: field(fix, 'path', DROP_IN_FILE),
        content: field(fix, 'content', CONTENT),
        mode: field(fix, 'mode', MODE),
        ...(fix.reload === undefined ? {} : { reload: field(fix, 'reload', UNIT) }),
      };
    case 'stop-disable-service':
      return { kind, unit: field(fix, 'unit', UNIT) };
    case 'disable-ufw':
    case 'mount-bpffs':
      return { kind };
    case 'sysctl':
      return { kind, key: field(fix, 'key', SYSCTL_KEY), value: field(fix, 'value', SYSCTL_VALUE), file: field(fix, 'file', DROP_IN_FILE) };
    case 'load-modules':
      return { kind, modules: modules(fix), file: field(fix, 'file', DROP_IN_FILE) };
    case 'manual':
      if (typeof fix.why !== 'string') throw new Refused('its reason is missing');
      return { kind, why: fix.why };
  }
}

/** A fix read from a result, checked field by field; unknown kinds come from newer versions. */
export function checkFix(value: unknown): Checked<Fix> {
  if (!isRecord(value) || typeof value.kind !== 'string') return { ok: false, reason: 'a fix without a kind' };
  const kind = value.kind as FixKind;
  if (!FIX_KINDS.includes(kind)) return { ok: false, reason: `the fix kind ${quoted(value.kind.slice(0, 60))} is unknown to this version` };
  try {
    return { ok: true, value: rebuild(value, kind) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: `a ${kind} fix: ${error.message}` };
    throw error;
  }
}
