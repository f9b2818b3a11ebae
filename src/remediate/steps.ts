/**
 * Each fix as shell steps: a condition that is true while the change is still needed, and
 * the commands that make it. The scripts, the report's commands and the playbook's command
 * tasks all render these same steps, so a step checked once behaves the same everywhere,
 * and running it twice changes nothing the second time.
 */
import { BPFFS_MOUNT_POINT, type Fix } from '../core/fix.js';
import { shQuote } from './text.js';

export type AutomaticFix = Exclude<Fix, { kind: 'manual' }>;

export interface ShellStep {
  /** What the step changes, for people: "stop and disable firewalld". */
  what: string;
  /** Lines run before the condition (a variable holding file content). */
  setup?: string[];
  /** A POSIX sh condition, true while the change is still needed. */
  needed: string;
  apply: string[];
}

export const FSTAB = '/etc/fstab';
export const BPFFS_FSTAB_LINE = `bpffs ${BPFFS_MOUNT_POINT} bpf defaults 0 0`;
/** An fstab entry (any device, any options) for the bpffs mount point, as grep -E reads it. */
const FSTAB_BPFFS_ENTRY = `^[^#[:space:]]+[[:space:]]+${BPFFS_MOUNT_POINT}[[:space:]]`;

export function isAutomatic(fix: Fix): fix is AutomaticFix {
  return fix.kind !== 'manual';
}

/** One line saying what a fix changes. */
export function describeFix(fix: Fix): string {
  switch (fix.kind) {
    case 'write-file':
      return `write ${fix.path}${fix.reload ? `, then reload ${fix.reload}` : ''}`;
    case 'stop-disable-service':
      return `stop and disable ${fix.unit}`;
    case 'disable-ufw':
      return 'turn ufw off (ufw disable)';
    case 'sysctl':
      return `set ${fix.key} = ${fix.value} now and in ${fix.file}`;
    case 'load-modules':
      return `load kernel modules ${fix.modules.join(', ')} now and at boot (${fix.file})`;
    case 'mount-bpffs':
      return `mount the BPF filesystem at ${BPFFS_MOUNT_POINT} now and at boot (${FSTAB})`;
    case 'manual':
      return fix.why;
  }
}

export function parentDir(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/** A whole file with exactly `content`; `then` runs after it changed. */
function fileStep(what: string, path: string, content: string, mode: string, then: string[] = []): ShellStep {
  return {
    what,
    setup: [`content=${shQuote(content)}`],
    needed: `! printf '%s' "$content" | cmp -s - ${shQuote(path)}`,
    apply: [`mkdir -p ${shQuote(parentDir(path))}`, `printf '%s' "$content" > ${shQuote(path)}`, `chmod ${mode} ${shQuote(path)}`, ...then],
  };
}

/** A line appended to a file unless the file already has a line matching `present` (grep -E). */
function lineStep(what: string, path: string, line: string, present: string): ShellStep {
  const dir = parentDir(path);
  return {
    what,
    needed: `! grep -Eq ${shQuote(present)} ${shQuote(path)} 2>/dev/null`,
    apply: [...(dir === '/etc' ? [] : [`mkdir -p ${shQuote(dir)}`]), `echo ${shQuote(line)} >> ${shQuote(path)}`],
  };
}

/** The runtime half of a fix, which a playbook runs through sh too (Ansible has no built-in module for it). */
export function runtimeSteps(fix: AutomaticFix): ShellStep[] {
  switch (fix.kind) {
    case 'disable-ufw':
      return [{ what: describeFix(fix), needed: `ufw status 2>/dev/null | grep -q '^Status: active'`, apply: ['ufw disable'] }];
    case 'sysctl':
      return [{ what: `set ${fix.key} = ${fix.value} now`, needed: `[ "$(sysctl -n ${shQuote(fix.key)})" != ${shQuote(fix.value)} ]`, apply: [`sysctl -w ${shQuote(`${fix.key}=${fix.value}`)} >/dev/null`] }];
    case 'load-modules':
      // lsmod rather than /proc/modules: both list loaded modules, and lsmod is there on every distribution with modules.
      return fix.modules.map((name) => ({ what: `load kernel module ${name}`, needed: `! lsmod | grep -q ${shQuote(`^${name} `)}`, apply: [`modprobe ${shQuote(name)}`] }));
    case 'mount-bpffs':
      return [{ what: `mount the BPF filesystem at ${BPFFS_MOUNT_POINT}`, needed: `! grep -q ${shQuote(` ${BPFFS_MOUNT_POINT} bpf `)} /proc/mounts`, apply: [`mount -t bpf bpffs ${BPFFS_MOUNT_POINT}`] }];
    case 'write-file':
    case 'stop-disable-service':
      return [];
  }
}

/** Every step of a fix, in the order a script runs them: change the running system, then make it last. */
export function shellSteps(fix: AutomaticFix): ShellStep[] {
  switch (fix.kind) {
    case 'write-file':
      return [fileStep(describeFix(fix), fix.path, fix.content, fix.mode, fix.reload ? [`systemctl reload ${shQuote(fix.reload)}`] : [])];
    case 'stop-disable-service': {
      const unit = shQuote(fix.unit);
      return [{ what: describeFix(fix), needed: `systemctl is-active --quiet ${unit} || [ "$(systemctl is-enabled ${unit} 2>/dev/null)" = enabled ]`, apply: [`systemctl stop ${unit}`, `systemctl disable ${unit}`] }];
    }
    case 'disable-ufw':
      return runtimeSteps(fix);
    case 'sysctl':
      return [...runtimeSteps(fix), fileStep(`set ${fix.key} = ${fix.value} at boot (${fix.file})`, fix.file, sysctlFileContent(fix), '0644')];
    case 'load-modules':
      return [...runtimeSteps(fix), ...fix.modules.map((name) => lineStep(`load kernel module ${name} at boot (${fix.file})`, fix.file, name, `^${name}$`))];
    case 'mount-bpffs':
      return [...runtimeSteps(fix), lineStep(`mount the BPF filesystem at boot (${FSTAB})`, FSTAB, BPFFS_FSTAB_LINE, FSTAB_BPFFS_ENTRY)];
  }
}

export function sysctlFileContent(fix: Extract<Fix, { kind: 'sysctl' }>): string {
  return `${fix.key} = ${fix.value}\n`;
}

/** Steps as plain sh a person pastes into a root shell: each change guarded by its condition. */
export function renderStepsPlain(steps: ShellStep[]): string {
  return steps
    .map((step) => [`# ${step.what}`, ...(step.setup ?? []), `if ${step.needed}; then`, ...step.apply.map((line) => `  ${line}`), 'fi'].join('\n'))
    .join('\n');
}

/**
 * Steps for a program that may only look: `announce` says what changes (a shell command),
 * and `applyIf` (a condition) decides whether to change it or just say so.
 */
export function renderStepsGuarded(steps: ShellStep[], announce: (what: string) => string, applyIf: string): string {
  return steps
    .map((step) =>
      [
        ...(step.setup ?? []),
        `if ${step.needed}; then`,
        `  ${announce(step.what)}`,
        `  if ${applyIf}; then`,
        ...step.apply.map((line) => `    ${line}`),
        '  fi',
        'fi',
      ].join('\n'),
    )
    .join('\n');
}
