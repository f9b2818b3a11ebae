/**
 * The kinds of value an audit setting can hold, as data: each says how the command line
 * takes it (yargs type, choices) and what the README shows for it, and `ValueOf` gives its
 * TypeScript type. The readers that check a raw value against its kind are in
 * src/checks/settings-values.ts (they need CIDR and endpoint parsing, which core has not).
 */
import type { HostVars } from './vars.js';

interface KindBase {
  /** yargs' type for the flag. */
  readonly flagType: 'boolean' | 'number' | 'string';
  /** What the README shows after the flag, e.g. `--pod-cidr CIDR`. */
  readonly placeholder?: string;
}

export interface BooleanKind extends KindBase {
  readonly type: 'boolean';
}
export interface PortKind extends KindBase {
  readonly type: 'port';
}
/** One CIDR, or a comma-separated dual-stack pair. */
export interface CidrsKind extends KindBase {
  readonly type: 'cidrs';
}
export interface EndpointKind extends KindBase {
  readonly type: 'endpoint';
}
/** A YAML list or a comma-separated string of endpoints. */
export interface EndpointsKind extends KindBase {
  readonly type: 'endpoints';
}
export interface TextKind extends KindBase {
  readonly type: 'text';
}
/** A Calico release with a requirement profile, read as its release line ("v3.28.2" → "3.28"). */
export interface ReleaseKind extends KindBase {
  readonly type: 'release';
}
export interface ChoiceKind<T extends string = string> extends KindBase {
  readonly type: 'choice';
  readonly choices: readonly T[];
  /** Other words inventories use for a choice, e.g. kubespray's `kdd` for kubernetes. */
  readonly aliases: Readonly<Record<string, T>>;
}

export type Kind = BooleanKind | PortKind | CidrsKind | EndpointKind | EndpointsKind | TextKind | ReleaseKind | ChoiceKind;

export type ValueOf<K extends Kind> = K extends BooleanKind
  ? boolean
  : K extends PortKind
    ? number
    : K extends EndpointsKind
      ? string[]
      : K extends ChoiceKind<infer T>
        ? T
        : string;

export const BOOLEAN: BooleanKind = { type: 'boolean', flagType: 'boolean' };
export const PORT: PortKind = { type: 'port', flagType: 'number', placeholder: 'PORT' };
export const CIDRS: CidrsKind = { type: 'cidrs', flagType: 'string', placeholder: 'CIDR' };
export const ENDPOINT: EndpointKind = { type: 'endpoint', flagType: 'string', placeholder: 'HOST:PORT' };
export const ENDPOINTS: EndpointsKind = { type: 'endpoints', flagType: 'string', placeholder: 'HOST:PORT,…' };
export const TEXT: TextKind = { type: 'text', flagType: 'string' };
export const RELEASE: ReleaseKind = { type: 'release', flagType: 'string', placeholder: 'VERSION' };

export function choice<const T extends string>(choices: readonly T[], aliases: Readonly<Record<string, T>> = {}): ChoiceKind<T> {
  return { type: 'choice', flagType: 'string', choices, aliases };
}

/** A value and where it came from, e.g. `inventory calico_pod_cidr` or `--pod-cidr`. */
export interface Found<T> {
  value: T;
  source: string;
}

/**
 * Reads one inventory variable as a kind: undefined when unset, empty or still a Jinja
 * template; throws (naming the variable) when the value does not fit the kind.
 */
export type ReadVariable = <K extends Kind>(vars: HostVars, name: string, kind: K) => ValueOf<K> | undefined;
