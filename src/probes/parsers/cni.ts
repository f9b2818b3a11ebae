/** CNI config files in /etc/cni/net.d: a .conf (one plugin) or .conflist ({plugins: […]}). */
export function cniTypes(text: string): string[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (doc === null || typeof doc !== 'object') return null;
  const conf = doc as { type?: unknown; plugins?: unknown };
  const plugins = Array.isArray(conf.plugins) ? (conf.plugins as { type?: unknown }[]) : [conf];
  return plugins.map((p) => p?.type).filter((t): t is string => typeof t === 'string');
}
