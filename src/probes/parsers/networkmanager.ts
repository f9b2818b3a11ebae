/**
 * NetworkManager configuration, INI read with the `ini` package: the main file then
 * conf.d files (later wins), or the merged `NetworkManager --print-config`. Key
 * `unmanaged-devices` under [keyfile], entries separated by `;` or `,`; NM also accepts
 * `unmanaged-devices+=` / `-=` to append to / remove from the value so far.
 */
import { parse } from 'ini';

export function splitDeviceList(value: string): string[] {
  return value.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
}

/**
 * NetworkManager's files are GLib key files, where only whole lines starting with `#` are
 * comments; `ini` also cuts values at an unescaped `;` or `#`, which would turn
 * "interface-name:cali*;interface-name:tunl*" into its first entry. Escape them for `ini`.
 */
function keyFileAsIni(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq < 0 || /^\s*[#;[]/.test(line)) return line;
      return line.slice(0, eq + 1) + line.slice(eq + 1).replace(/[;#]/g, (c) => `\\${c}`);
    })
    .join('\n');
}

export function applyNmConfig(current: string[] | null, text: string): string[] | null {
  let keyfile: Record<string, unknown> | undefined;
  try {
    keyfile = parse(keyFileAsIni(text)).keyfile as Record<string, unknown> | undefined;
  } catch {
    return current;
  }
  if (!keyfile || typeof keyfile !== 'object') return current;
  let result = current;
  for (const [key, value] of Object.entries(keyfile)) {
    const list = splitDeviceList(String(value));
    if (key === 'unmanaged-devices') result = list;
    else if (key === 'unmanaged-devices+') result = [...(result ?? []), ...list];
    else if (key === 'unmanaged-devices-') result = (result ?? []).filter((d) => !list.includes(d));
  }
  return result;
}

/** The unmanaged-devices in effect after reading every file in order. */
export function mergeNmConfigs(texts: string[]): string[] {
  return texts.reduce<string[] | null>((acc, text) => applyNmConfig(acc, text), null) ?? [];
}
