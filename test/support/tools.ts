/**
 * What a test needs from the machine. On a contributor's laptop a missing tool skips the
 * test with what to install; under CI (CI set) it fails instead, because CI must run
 * everything.
 */
import { accessSync, constants } from 'node:fs';

/** The executables among `paths` that are missing (or not executable). */
export function missingTools(paths: string[]): string[] {
  return paths.filter((tool) => {
    try {
      accessSync(tool, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

/** Passes a skip reason through, except under CI, where it is an error. */
export function skipOutsideCi(reason: string | undefined): string | undefined {
  if (reason !== undefined && process.env.CI) throw new Error(`CI must run this test, but ${reason}`);
  return reason;
}

/** The reason to skip when any of `paths` is missing, naming how to install them. */
export function skipUnlessTools(paths: string[], install: string): string | undefined {
  const missing = missingTools(paths);
  return skipOutsideCi(missing.length === 0 ? undefined : `it needs ${missing.join(', ')}: ${install}`);
}
