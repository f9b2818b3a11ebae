/**
 * Loaded modules: /proc/modules ("name size refcount deps state address", or just the names
 * as the probe prints them) and `lsmod` ("Module Size Used by" header, then the same first
 * column). Names are normalised with underscores, as the kernel does.
 */
export function normaliseModule(name: string): string {
  return name.replace(/-/g, '_');
}

export function parseProcModules(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => /^[\w-]+$/.test(name))
    .map(normaliseModule);
}
