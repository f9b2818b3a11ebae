/** Processes the tests leave on the (local) fleet hosts: find them and end them, by pid. */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether any process on this machine has `pattern` in its command line. */
export function processRunning(pattern: string): boolean {
  try {
    execFileSync('pgrep', ['-f', pattern], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Ends every process whose command line has `pattern` (a marker unique to one test), by pid. */
export function killMatching(pattern: string): void {
  let pids: string[] = [];
  try {
    pids = execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export async function gone(pattern: string, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (processRunning(pattern)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

