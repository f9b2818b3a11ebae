/**
 * The host filters modules.dep, modules.builtin and the kernel config down to the modules and
 * config symbols the run's checks name, so a few hundred bytes travel instead of hundreds of
 * kilobytes (issue 6). These build the grep -E patterns for it.
 */

/** Module paths in modules.dep / modules.builtin (name.ko[.xz|.zst|.gz]); files may use dashes for underscores. */
export function modulePathPattern(modules: readonly string[]): string {
  const names = modules.map((m) => m.replace(/_/g, '[-_]'));
  return `/(${names.join('|') || '-'})[.]ko([.][a-z]+)?(:|$)`;
}

/** The config lines of these symbols, set or "is not set". */
export function configPattern(symbols: readonly string[]): string {
  const names = symbols.map((s) => s.slice('CONFIG_'.length));
  return `^(# )?CONFIG_(${names.join('|') || '-'})[= ]`;
}
