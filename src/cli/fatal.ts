import { UserError } from '../core/errors.js';

/**
 * The last stop for an error: a user error prints its one sentence, anything else prints
 * one line too (the stack only with CALICO_PREFLIGHT_DEBUG=1) and exits 2.
 */
export function reportFatal(error: unknown): never {
  if (error instanceof UserError) {
    process.stderr.write(`calico-preflight: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`calico-preflight: internal error: ${message}\n`);
  if (process.env.CALICO_PREFLIGHT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
