/**
 * Builds the one command a host runs: the probe script of shell.ts, folded into one line
 * and started under `sh` whatever the login shell is (bash, zsh, dash, fish and csh all
 * accept `exec sh -c '…' sh '…' words…` when the quoted text holds no newline, no single
 * quote, no `!` and no double backslash), bounded by `timeout` where the host has it. The
 * launcher exports the script so that the become part can hand the same text to
 * `sudo sh -c` without a second copy on the command line.
 */
import type { ProbePlan } from './plan.js';
import { probeShellSource } from './shell.js';
import { encodeWord } from './target-code.js';

export const SCRIPT_ENV = 'CALICO_PREFLIGHT_PROBE';

/** Calico's default BGP, VXLAN, Typha and WireGuard ports. */
export const DEFAULT_OWNER_PORTS = [179, 4789, 5473, 51820];

/** Runs as `sh -c LAUNCHER sh SCRIPT WORDS…`: exports the script, then re-runs it bounded. */
const LAUNCHER =
  `${SCRIPT_ENV}=$1; export ${SCRIPT_ENV}; shift; ` +
  `if command -v timeout >/dev/null 2>&1; then exec timeout %T sh -c "$${SCRIPT_ENV}" sh "$@"; fi; ` +
  `exec sh -c "$${SCRIPT_ENV}" sh "$@"`;

/** Lines ending like this continue on the next line; any other line ends a command. */
const CONTINUES = /(?:\bthen|\bdo|\belse|\bin|\{|\||&|;;)$/;

/** Folds the multi-line script into one line (see the layout rules in shell.ts). */
export function foldScript(source: string): string {
  const lines = source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else out += (CONTINUES.test(out) ? ' ' : '; ') + line;
  }
  return out;
}

let folded: string | undefined;

/** The folded script; built once per process since it does not depend on the plan. */
export function probeScript(): string {
  if (folded === undefined) {
    folded = foldScript(probeShellSource());
    if (/['!\n]|\\\\/.test(folded)) throw new Error('probe script breaks the layout rules of shell.ts');
  }
  return folded;
}

const PLAIN_ADDRESS = /^[A-Za-z0-9._:-]+$/;

/** purpose,address,port,target; an address the shell must not see goes as "-" + its code. */
function targetWord(target: ProbePlan['connectTargets'][number]): string {
  const port = Number.isInteger(target.port) && target.port > 0 && target.port < 65536 ? target.port : 0;
  const plain = PLAIN_ADDRESS.test(target.address) && !target.address.startsWith('-') && port > 0;
  const address = plain ? target.address : `-${encodeWord(target.address)}`;
  return [target.purpose, address, String(port), encodeWord(target.target)].join(',');
}

export function buildProbeCommand(plan: ProbePlan): string {
  if (!/^[A-Za-z0-9]{8,64}$/.test(plan.nonce)) throw new Error('probe nonce must be 8 to 64 letters or digits');
  const half = Math.floor(plan.nonce.length / 2);
  const seconds = Math.max(1, Math.ceil(plan.remoteTimeoutSec));
  const ports = (plan.ownerPorts ?? DEFAULT_OWNER_PORTS).filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
  const words = [
    'main',
    plan.nonce.slice(0, half),
    plan.nonce.slice(half),
    plan.become,
    ports.length ? ports.join(',') : '0',
    ...plan.connectTargets.map(targetWord),
  ];
  const launcher = LAUNCHER.replace('%T', String(seconds));
  return `exec sh -c '${launcher}' sh '${probeScript()}' ${words.join(' ')}`;
}
