/**
 * /proc/version: "Linux version RELEASE (BUILDER) (COMPILER) #BUILD …". The release here
 * comes from the running kernel even where `uname` is wrapped or faked.
 */
export function procVersionRelease(text: string): string | null {
  return /^Linux version (\S+)/.exec(text.trim())?.[1] ?? null;
}
