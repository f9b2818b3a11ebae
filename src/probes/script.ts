/**
 * Builds the one command a host runs: the probe script (src/probes/sh/, folded into one line
 * at build time) started under `sh` whatever the login shell is — bash, zsh, dash, fish and
 * csh all accept `exec sh -c '…' sh '…' 'word'…` when no quoted text holds a newline, a single
 * quote, a `!` or a backslash pair — bounded by `timeout` where the host has it. The launcher
 * exports the script so that the become part can hand the same text to `sudo sh -c` without
 * a second copy on the command line. What to look at travels as named words (main.sh).
 */
import type { ProbePlan } from './plan.js';
import { PROBE_SCRIPT } from './probe-script.generated.js';
import { configPattern, modulePathPattern } from './kernel-items.js';
import { encodeWord } from './target-code.js';

export const SCRIPT_ENV = 'CALICO_PREFLIGHT_PROBE';

/** Calico's default BGP, VXLAN, Typha and WireGuard ports. */
export const DEFAULT_OWNER_PORTS = [179, 4789, 5473, 51820];

/** Runs as `sh -c LAUNCHER sh SCRIPT WORDS…`: exports the script, then re-runs it bounded. */
const LAUNCHER =
  `${SCRIPT_ENV}=$1; export ${SCRIPT_ENV}; shift; ` +
  `if command -v timeout >/dev/null 2>&1; then exec timeout %T sh -c "$${SCRIPT_ENV}" sh "$@"; fi; ` +
  `exec sh -c "$${SCRIPT_ENV}" sh "$@"`;

/** What no login shell may see inside single quotes, and what no list word may hold. */
const UNSAFE_IN_QUOTES = /['!\n]|\\\\/;
const PLAIN_ADDRESS = /^[A-Za-z0-9._:-]+$/;

/** purpose,address,port,target; an address the shell must not see goes as "-" + its code. */
function targetWord(target: ProbePlan['connectTargets'][number]): string {
  const port = Number.isInteger(target.port) && target.port > 0 && target.port < 65536 ? target.port : 0;
  const plain = PLAIN_ADDRESS.test(target.address) && !target.address.startsWith('-') && port > 0;
  const address = plain ? target.address : `-${encodeWord(target.address)}`;
  return [target.purpose, address, String(port), encodeWord(target.target)].join(',');
}

function quoted(text: string): string {
  if (UNSAFE_IN_QUOTES.test(text)) throw new Error(`cannot travel in single quotes to every login shell: ${JSON.stringify(text)}`);
  return `'${text}'`;
}

/** A comma list for the script, which splits it on commas and uses its items as words. */
function list(items: readonly string[]): string {
  const bad = items.find((item) => item === '' || /[\s,]/.test(item));
  if (bad !== undefined) throw new Error(`probe list item cannot be one word: ${JSON.stringify(bad)}`);
  return items.join(',');
}

export function buildProbeCommand(plan: ProbePlan): string {
  if (!/^[A-Za-z0-9]{8,64}$/.test(plan.nonce)) throw new Error('probe nonce must be 8 to 64 letters or digits');
  const half = Math.floor(plan.nonce.length / 2);
  const seconds = Math.max(1, Math.ceil(plan.remoteTimeoutSec));
  const { request } = plan;
  const ports = (plan.ownerPorts ?? DEFAULT_OWNER_PORTS).filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
  const words = [
    'mode=main',
    `nonce_a=${plan.nonce.slice(0, half)}`,
    `nonce_b=${plan.nonce.slice(half)}`,
    `become=${plan.become}`,
    `ports=${ports.length ? ports.join(',') : '0'}`,
    `files=${list(request.files)}`,
    `root_files=${list(request.rootFiles)}`,
    `units=${list(request.units)}`,
    `processes=${list(request.processes)}`,
    `sysctls=${list(request.sysctls)}`,
    `kubelet_paths=${list(request.kubeletPaths)}`,
    `key_lines=${list(request.keyLines.map(({ path, key }) => `${path}=${key}`))}`,
    `modules=${modulePathPattern(request.kernelModules)}`,
    `kconfig=${configPattern(request.kernelConfig)}`,
    ...plan.connectTargets.map((target) => `target=${targetWord(target)}`),
  ];
  const launcher = LAUNCHER.replace('%T', String(seconds));
  return `exec sh -c ${quoted(launcher)} sh ${quoted(PROBE_SCRIPT)} ${words.map(quoted).join(' ')}`;
}
