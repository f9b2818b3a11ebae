/**
 * The README's table "What the audit assumes about your Calico install", written from the
 * settings table in src/core/settings.ts (one of the blocks of readme-blocks.ts).
 */
import type { Kind } from '../src/core/setting-kinds.js';
import { SETTING_LIST, type SettingSpec } from '../src/core/settings.js';

const code = (text: string) => `\`${text.replaceAll('|', '\\|')}\``;

function kubesprayNames(spec: SettingSpec): string[] {
  if (!spec.kubespray) return [];
  return 'derive' in spec.kubespray ? [...spec.kubespray.variables] : [...spec.kubespray];
}

function variables(spec: SettingSpec): string {
  const aliases = spec.kind.type === 'choice' ? Object.entries(spec.kind.aliases).map(([alias, value]) => `${code(alias)} = ${value}`) : [];
  const others = [...kubesprayNames(spec).map(code), ...aliases];
  return others.length > 0 ? `${code(spec.variable)} (${others.join(', ')})` : code(spec.variable);
}

function flagValue(kind: Kind): string {
  if (kind.type === 'choice') return ` ${kind.choices.join('|')}`;
  return kind.placeholder ? ` ${kind.placeholder}` : '';
}

function defaultText(spec: SettingSpec): string {
  const value = spec.default;
  const plain =
    value === undefined ? (spec.unset?.text ?? '—') : typeof value === 'boolean' ? (value ? 'on' : 'off') : value === null || (Array.isArray(value) && value.length === 0) ? '—' : String(value);
  if (!spec.fromHost) return plain;
  return plain === '—' ? spec.fromHost : `${spec.fromHost}, else ${plain}`;
}

export function settingsTable(): string {
  const rows = SETTING_LIST.map(({ spec }) =>
    [spec.label, spec.description, variables(spec), code(`--${spec.flag}${flagValue(spec.kind)}`), defaultText(spec)].join(' | '),
  );
  return [
    "| setting | meaning | inventory variable (kubespray's names) | flag | default |",
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}
