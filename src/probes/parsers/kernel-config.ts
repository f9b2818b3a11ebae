/** Kernel config lines: `CONFIG_X=y|m|"string"|123` and `# CONFIG_X is not set`. */
export function parseKernelConfig(text: string): Record<string, 'y' | 'm' | 'n'> {
  const config: Record<string, 'y' | 'm' | 'n'> = {};
  for (const line of text.split('\n')) {
    const set = /^(CONFIG_\w+)=(y|m)\s*$/.exec(line);
    if (set) config[set[1]!] = set[2] as 'y' | 'm';
    const unset = /^# (CONFIG_\w+) is not set/.exec(line);
    if (unset) config[unset[1]!] = 'n';
  }
  return config;
}
