/**
 * Audit settings per host, for every setting of src/core/settings.ts: CLI flags win over our
 * inventory variables (calico_*), which win over kubespray's names for the same thing, which
 * win over the defaults. `sources` records where each value came from, for the result and
 * the report.
 */
import { UserError } from '../core/errors.js';
import type { Found, Kind, ReadVariable, ValueOf } from '../core/setting-kinds.js';
import { SETTING_LIST, placeValue, valueAt, type AuditSettings, type KubesprayContext, type SettingId, type SettingSpec, type SettingsOverrides } from '../core/settings.js';
import type { HostVars } from '../core/vars.js';
import { InvalidValue, isTemplated, readValue } from './settings-values.js';

export type { SettingsOverrides };
export interface ResolvedSettings {
  settings: AuditSettings;
  sources: Record<keyof AuditSettings, string>;
}

class VariableError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

const readVariable: ReadVariable = <K extends Kind>(vars: HostVars, name: string, kind: K): ValueOf<K> | undefined => {
  const raw = vars[name];
  if (raw === undefined || raw === null || raw === '' || isTemplated(raw)) return undefined;
  try {
    return readValue(kind, raw);
  } catch (error) {
    if (error instanceof InvalidValue) throw new VariableError(name, error.message);
    throw error;
  }
};

function fromInventory({ variable, kind, kubespray }: SettingSpec, context: KubesprayContext): Found<unknown> | undefined {
  const ours = readVariable(context.vars, variable, kind);
  if (ours !== undefined) return { value: ours, source: `inventory ${variable}` };
  if (kubespray === undefined) return undefined;
  if ('derive' in kubespray) return kubespray.derive(context);
  for (const name of kubespray) {
    const value = readVariable(context.vars, name, kind);
    if (value !== undefined) return { value, source: `inventory ${name}` };
  }
  return undefined;
}

function resolve(vars: HostVars, overrides: SettingsOverrides): ResolvedSettings {
  const entries = new Map(SETTING_LIST.map((entry) => [entry.id, entry]));
  const found = new Map<SettingId, Found<unknown>>();
  const lookUp = (id: SettingId): Found<unknown> => {
    const known = found.get(id);
    if (known) return known;
    const { spec, ...place } = entries.get(id)!;
    const flag = valueAt(overrides, place);
    const result = (flag !== undefined ? { value: flag, source: `--${spec.flag}` } : fromInventory(spec, context)) ?? {
      value: spec.default,
      source: spec.unset?.source ?? 'default',
    };
    found.set(id, result);
    return result;
  };
  // A kubespray derivation may depend on another setting (the *_ipv6 ranges on ipv6), so
  // settings resolve on first use, in any order.
  const context: KubesprayContext = { vars, read: readVariable, resolved: (key) => lookUp(key).value as AuditSettings[typeof key] };

  const settings: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const { id, ...place } of SETTING_LIST) {
    const { value, source } = lookUp(id);
    placeValue(settings, place, value);
    if (place.member === undefined) {
      sources[place.key] = source;
    } else {
      const part = `${place.member} ${String(value)} (${source})`;
      sources[place.key] = sources[place.key] ? `${sources[place.key]}, ${part}` : part;
    }
  }
  return { settings: settings as AuditSettings, sources: sources as ResolvedSettings['sources'] };
}

export function resolveSettings(hostVars: HostVars, overrides: SettingsOverrides = {}, host?: string): ResolvedSettings {
  try {
    return resolve(hostVars, overrides);
  } catch (error) {
    if (error instanceof VariableError) throw new UserError(`${host ? `host ${host}` : 'inventory'}: variable ${error.variable} ${error.message}.`);
    throw error;
  }
}
