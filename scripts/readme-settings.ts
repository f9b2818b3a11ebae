/**
 * The README's table "What the audit assumes about your Calico install", written from the
 * settings table in src/core/settings.ts. `npm run docs` puts it between the markers in
 * README.md; test/static/readme.test.ts fails when README.md holds another.
 */
import type { Kind } from '../src/core/setting-kinds.js';
import { SETTING_LIST, type SettingSpec } from '../src/core/settings.js';

export const START_MARKER = '<!-- settings-table: written by `npm run docs` from src/core/settings.ts -->';
export const END_MARKER = '<!-- /settings-table -->';

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
  if (value === undefined) return spec.unset?.text ?? '—';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (value === null || (Array.isArray(value) && value.length === 0)) return '—';
  return String(value);
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

/** README.md with the settings table between the markers replaced by the current one. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`README.md needs the lines ${START_MARKER} and ${END_MARKER} around the settings table`);
  return `${readme.slice(0, start + START_MARKER.length)}\n\n${settingsTable()}\n\n${readme.slice(end)}`;
}
