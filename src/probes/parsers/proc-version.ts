/**
 * /proc/version: "Linux version RELEASE (BUILDER) (COMPILER) #BUILD …". The release here
 * comes from the running kernel even where `uname` is wrapped or faked.
 */
import type { ProcVersion } from '../../core/facts.js';

export function parseProcVersion(text: string): ProcVersion | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return { text: trimmed, release: /^Linux version (\S+)/.exec(trimmed)?.[1] ?? null };
}
