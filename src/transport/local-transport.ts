/** `ansible_connection=local`: commands run here through /bin/sh. */
import { spawn } from 'node:child_process';
import { CappedOutput } from './output.js';
import { HostError, type ExecOptions, type ExecResult, type Transport } from './types.js';

/** Ends a command's whole process group (the shell and everything it started). */
function killGroup(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export class LocalTransport implements Transport {
  readonly kind = 'local' as const;
  private readonly running = new Set<number>();

  exec(command: string, options: ExecOptions): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const sentEpochMs = Date.now();
      // Own process group, so a timeout ends the whole command, not only the shell.
      const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      if (child.pid !== undefined) this.running.add(child.pid);
      const stdout = new CappedOutput(options.maxOutputBytes);
      const stderr = new CappedOutput(options.maxOutputBytes);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
      const timer = setTimeout(() => {
        killGroup(child.pid);
        reject(new HostError('timeout', 'command', `command did not finish within ${options.timeoutMs / 1000}s`));
      }, options.timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new HostError('error', 'command', `cannot run /bin/sh: ${error.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (child.pid !== undefined) this.running.delete(child.pid);
        const result: ExecResult = {
          stdout: stdout.bytes(),
          stderr: stderr.bytes(),
          code,
          truncated: stdout.truncated || stderr.truncated,
          sentEpochMs,
          stdoutArrivals: stdout.arrivals,
        };
        if (signal) result.signal = signal;
        resolve(result);
      });
    });
  }

  /** Like closing an ssh connection: nothing this transport started keeps running (Ctrl-C). */
  close(): void {
    for (const pid of this.running) killGroup(pid);
    this.running.clear();
  }
}
