/**
 * `uname` output. The probe prints `uname -snrm`'s four words (none can hold a space), read from
 * /proc/sys/kernel on Linux 6.1+ and from `uname -snrm` before;
 * the kernel version string (`uname -v`, with spaces) comes from /proc/sys/kernel/version.
 * `uname -a` is parsed for saved outputs: its version field has spaces, so the fields are
 * taken from both ends. GNU prints MACHINE PROCESSOR PLATFORM in that order (jc's parser
 * swaps processor and hardware platform; see the corpus test).
 */
import type { Uname } from '../../core/facts.js';

export function parseUnameSnrm(text: string, kernelVersion: string): Uname | null {
  const words = text.trim().split(/\s+/);
  if (words.length !== 4) return null;
  const [kernelName, nodename, kernelRelease, machine] = words as [string, string, string, string];
  return { kernelName, nodename, kernelRelease, machine, kernelVersion: kernelVersion.trim() };
}

/**
 * GNU `uname -a`: "NAME NODE RELEASE VERSION… MACHINE [PROCESSOR PLATFORM] OS". GNU omits
 * PROCESSOR and PLATFORM when they are "unknown"; when present they usually equal MACHINE.
 * BSD `uname -a` ("NAME NODE RELEASE VERSION… MACHINE") has no OS field.
 */
export interface UnameA extends Uname {
  /** `uname -p` and `uname -i` when GNU printed them (it omits "unknown" ones). */
  processor?: string;
  hardwarePlatform?: string;
}

export function parseUnameA(text: string): UnameA | null {
  if (text.trim().includes('\n')) return null;
  const words = text.trim().split(/\s+/);
  if (words.length < 5) return null;
  const [kernelName, nodename, kernelRelease] = words as [string, string, string];
  let tail = words.slice(3);
  // The OS field ends GNU's output; vendors may append more words after it (Synology).
  const os = tail.indexOf('GNU/Linux');
  if (os > 0) tail = tail.slice(0, os);
  // Drop PROCESSOR and PLATFORM when they repeat MACHINE or are "unknown".
  const isArchWord = (w: string | undefined) => w !== undefined && /^(unknown|x86_64|i[3-6]86|aarch64|arm\w*|ppc64le|ppc64|s390x|mips\w*|riscv64)$/.test(w);
  let machineIndex = tail.length - 1;
  while (machineIndex > 1 && isArchWord(tail[machineIndex - 1]) && (tail[machineIndex] === 'unknown' || tail[machineIndex] === tail[machineIndex - 1] || isArchWord(tail[machineIndex]))) {
    machineIndex--;
  }
  const machine = tail[machineIndex];
  if (machine === undefined || machine === 'unknown') return null;
  const kernelVersion = tail.slice(0, machineIndex).join(' ');
  const [processor, hardwarePlatform] = tail.slice(machineIndex + 1);
  return {
    kernelName, nodename, kernelRelease, machine, kernelVersion,
    ...(processor ? { processor } : {}),
    ...(hardwarePlatform ? { hardwarePlatform } : {}),
  };
}
