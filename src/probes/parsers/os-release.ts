/**
 * os-release(5): KEY=value lines, values optionally in double or single quotes with shell
 * escapes (`\"`, `\\`, `\$`, `` \` ``). CentOS 7 writes VERSION_ID="7", Debian 8 ID=debian.
 */
import type { OsRelease } from '../../core/facts.js';

export function parseOsRelease(text: string): OsRelease | null {
  const fields: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    fields[m[1]!] = unquote(m[2]!);
  }
  if (Object.keys(fields).length === 0) return null;
  return {
    id: (fields.ID ?? 'linux').toLowerCase(),
    idLike: (fields.ID_LIKE ?? '').split(/\s+/).filter(Boolean),
    versionId: fields.VERSION_ID ?? '',
    name: fields.NAME ?? '',
    prettyName: fields.PRETTY_NAME ?? '',
    fields,
  };
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  return v.replace(/\s+#.*$/, '');
}
