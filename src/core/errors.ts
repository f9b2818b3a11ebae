/**
 * An error the user can fix (bad inventory line, missing key file, bad flag). The CLI prints
 * its message as one sentence and exits with `exitCode`; it never shows a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A user error located in a file: printed as `FILE:LINE: message`. */
export class FileLineError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'FileLineError';
  }
}
