/** Headless Chromium (Debian's `chromium`) driven from the command line, one throwaway profile per run. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--hide-scrollbars',
  '--no-pdf-header-footer',
];

/** Runs chromium with `args` on `url`; resolves with its stdout. */
export async function chromium(url: string, args: string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'report-chromium-'));
  try {
    const { stdout } = await run('chromium', [...FLAGS, `--user-data-dir=${profile}`, ...args, url], {
      timeout: 90_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
