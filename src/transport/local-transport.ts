/** `ansible_connection=local`: commands run here through /bin/sh. */
import { spawn } from 'node:child_process';
import { CappedOutput } from './output.js';
import { HostError, type ExecOptions, type ExecResult, type Transport } from './types.js';

export class LocalTransport implements Transport {
  readonly kind = 'local' as const;

  exec(command: string, options: ExecOptions): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      // Own process group, so a timeout ends the whole command, not only the shell.
      const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout = new CappedOutput(options.maxOutputBytes);
      const stderr = new CappedOutput(options.maxOutputBytes);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
        reject(new HostError('timeout', 'command', `command did not finish within ${options.timeoutMs / 1000}s`));
      }, options.timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new HostError('error', 'command', `cannot run /bin/sh: ${error.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const result: ExecResult = {
          stdout: stdout.bytes(),
          stderr: stderr.bytes(),
          code,
          truncated: stdout.truncated || stderr.truncated,
        };
        if (signal) result.signal = signal;
        resolve(result);
      });
    });
  }

  close(): void {}
}
