/** A logged-in SSH connection: runs commands through ssh2's exec and keeps raw bytes. */
import type { Client, ClientChannel } from 'ssh2';
import { CappedOutput } from './output.js';
import { HostError, type ExecOptions, type ExecResult, type Transport, type TransportTimings } from './types.js';

/** Output and exit status of one channel; rejects when it closes without an exit status. */
function collect(stream: ClientChannel, options: ExecOptions, where: string, sentEpochMs: number): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const stdout = new CappedOutput(options.maxOutputBytes);
    const stderr = new CappedOutput(options.maxOutputBytes);
    let exit: { code: number | null; signal?: string } | undefined;
    stream.on('data', (chunk: Buffer) => stdout.push(chunk));
    stream.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    stream.on('exit', (code: number | null, signal?: string) => (exit = signal ? { code, signal } : { code }));
    stream.on('error', () => undefined);
    stream.on('close', () => {
      if (!exit) {
        reject(new HostError('error', 'command', `connection to ${where} closed before the command finished`));
        return;
      }
      const result: ExecResult = {
        stdout: stdout.bytes(),
        stderr: stderr.bytes(),
        code: exit.code,
        truncated: stdout.truncated || stderr.truncated,
        sentEpochMs,
        stdoutArrivals: stdout.arrivals,
      };
      if (exit.signal) result.signal = exit.signal;
      resolve(result);
    });
    // Always close stdin: a command that reads it (sudo -S) must not wait forever.
    stream.end(options.stdin);
  });
}

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
      const lostError = (error: Error): HostError =>
        new HostError('error', 'command', `connection to ${this.where} lost: ${error.message}`);
      if (this.lost) return reject(lostError(this.lost));
      let channel: ClientChannel | undefined;
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.onLost.delete(onLost);
        outcome();
      };
      const fail = (error: HostError): void => settle(() => reject(error));
      const onLost = (error: Error): void => fail(lostError(error));
      this.onLost.add(onLost);
      const timer = setTimeout(() => {
        // Closing the channel does not stop the remote process: the command bounds itself.
        channel?.close();
        fail(new HostError('timeout', 'command', `command on ${this.where} did not finish within ${options.timeoutMs / 1000}s`));
      }, options.timeoutMs);
      const cannotStart = (error: Error): HostError =>
        new HostError('error', 'command', `cannot start a command on ${this.where}: ${error.message}`);

      const sentEpochMs = Date.now();
      try {
        this.client.exec(command, (error, stream) => {
          if (error) return fail(cannotStart(error));
          channel = stream;
          if (settled) return stream.close();
          collect(stream, options, this.where, sentEpochMs).then((result) => settle(() => resolve(result)), fail);
        });
      } catch (error) {
        // ssh2 throws when the connection is no longer writable.
        fail(cannotStart(error as Error));
      }
    });
  }

  close(): void {
    this.client.end();
  }
}
