/**
 * The fix vocabulary: what a check says would make a host meet its requirement, as data.
 * Checks put these on their verdicts; `calico-preflight fix` (src/remediate) renders the same
 * data as an Ansible playbook, as shell scripts and as the report's commands, so the three
 * can never disagree. The kinds are closed on purpose: a result file names what to change,
 * never a command to run.
 */

/** Writes a whole file we own (e.g. a conf.d drop-in); `reload` is reloaded when it changed. */
export interface WriteFileFix {
  kind: 'write-file';
  path: string;
  content: string;
  /** Octal, e.g. "0644". */
  mode: string;
  reload?: string;
}

/** Stops a systemd unit now and keeps it from starting at boot. */
export interface StopDisableServiceFix {
  kind: 'stop-disable-service';
  unit: string;
}

/** `ufw disable`: ufw's own switch (ENABLED=no in /etc/ufw/ufw.conf) and its rules unloaded. */
export interface DisableUfwFix {
  kind: 'disable-ufw';
}

/** A kernel parameter set now and in a sysctl.d file of its own, so it survives a reboot. */
export interface SysctlFix {
  kind: 'sysctl';
  key: string;
  value: string;
  file: string;
}

/** Kernel modules loaded now and listed in a modules-load.d file, so they load at boot. */
export interface LoadModulesFix {
  kind: 'load-modules';
  modules: string[];
  file: string;
}

/** The BPF filesystem mounted at /sys/fs/bpf now and from /etc/fstab at boot. */
export interface MountBpffsFix {
  kind: 'mount-bpffs';
}

/** What configuration cannot fix (an old kernel, another architecture, a busy port …). */
export interface ManualFix {
  kind: 'manual';
  why: string;
}

export type Fix = WriteFileFix | StopDisableServiceFix | DisableUfwFix | SysctlFix | LoadModulesFix | MountBpffsFix | ManualFix;

export type FixKind = Fix['kind'];

export const FIX_KINDS: readonly FixKind[] = [
  'write-file',
  'stop-disable-service',
  'disable-ufw',
  'sysctl',
  'load-modules',
  'mount-bpffs',
  'manual',
];

export const MODULES_LOAD_FILE = '/etc/modules-load.d/calico.conf';
export const BPFFS_MOUNT_POINT = '/sys/fs/bpf';
