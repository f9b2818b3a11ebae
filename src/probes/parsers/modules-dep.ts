/**
 * The probe's `grep -oE` over modules.builtin and modules.dep prints
 * "FILE:/name.ko[.xz]" (builtin) and "FILE:/name.ko.xz:" (dep). The names split into
 * built-in and loadable lists. Also parses plain modules.builtin / modules.dep files.
 */
import { normaliseModule } from './proc-modules.js';

const MODULE_PATH = /\/([\w-]+)\.ko(?:\.[a-z]+)?(?::|$)/;

export function parseModuleFiles(text: string): { builtin: string[]; loadable: string[] } {
  const builtin = new Set<string>();
  const loadable = new Set<string>();
  for (const line of text.split('\n')) {
    const file = /modules\.(builtin|dep):/.exec(line);
    const m = MODULE_PATH.exec(file ? line.slice(file.index + file[0].length) : line);
    if (!file || !m) continue;
    (file[1] === 'builtin' ? builtin : loadable).add(normaliseModule(m[1]!));
  }
  return { builtin: [...builtin].sort(), loadable: [...loadable].sort() };
}
