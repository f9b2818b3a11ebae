/** A logged-in SSH connection: runs commands through ssh2's exec and keeps raw bytes. */
import type { Client, ClientChannel } from 'ssh2';
import { CappedOutput } from './output.js';
import { HostError, type ExecOptions, type ExecResult, type Transport, type TransportTimings } from './types.js';

export class SshTransport implements Transport {
  readonly kind = 'ssh' as const;
  private lost: Error | undefined;
  private readonly onLost = new Set<(error: Error) => void>();

  constructor(
    private readonly client: Client,
    private readonly where: string,
    readonly timings: TransportTimings,
  ) {
    const lose = (error: Error): void => {
      this.lost ??= error;
      for (const listener of this.onLost) listener(error);
    };
    client.on('error', (error: Error) => lose(error));
    client.on('close', () => lose(new Error('connection closed')));
  }

  exec(command: string, options: ExecOptions): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      if (this.lost) {
        reject(new HostError('error', 'command', `connection to ${this.where} lost: ${this.lost.message}`));
        return;
      }
      let channel: ClientChannel | undefined;
      let settled = false;
      const settle = (action: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.onLost.delete(onLost);
        action();
      };
      const onLost = (error: Error): void =>
        settle(() => reject(new HostError('error', 'command', `connection to ${this.where} lost: ${error.message}`)));
      this.onLost.add(onLost);
      const timer = setTimeout(() => {
        // Closing the channel does not stop the remote process: the command bounds itself.
        channel?.close();
        settle(() =>
          reject(new HostError('timeout', 'command', `command on ${this.where} did not finish within ${options.timeoutMs / 1000}s`)),
        );
      }, options.timeoutMs);

      this.client.exec(command, (error, stream) => {
        if (error) {
          settle(() => reject(new HostError('error', 'command', `cannot start a command on ${this.where}: ${error.message}`)));
          return;
        }
        channel = stream;
        if (settled) {
          stream.close();
          return;
        }
        const stdout = new CappedOutput(options.maxOutputBytes);
        const stderr = new CappedOutput(options.maxOutputBytes);
        let code: number | null = null;
        let signal: string | undefined;
        stream.on('data', (chunk: Buffer) => stdout.push(chunk));
        stream.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        stream.on('exit', (exitCode: number | null, exitSignal?: string) => {
          code = exitCode;
          if (exitSignal) signal = exitSignal;
        });
        stream.on('error', () => undefined);
        stream.on('close', () =>
          settle(() => {
            const result: ExecResult = {
              stdout: stdout.bytes(),
              stderr: stderr.bytes(),
              code,
              truncated: stdout.truncated || stderr.truncated,
            };
            if (signal) result.signal = signal;
            resolve(result);
          }),
        );
        // Always close stdin: a command that reads it (sudo -S) must not wait forever.
        stream.end(options.stdin);
      });
    });
  }

  close(): void {
    this.client.end();
  }
}
