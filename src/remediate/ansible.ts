/**
 * The plan as an Ansible playbook: one play per group, hosts named as the inventory names
 * them, `ansible.builtin` modules only (ansible-core 2.14 and later). Files go through
 * copy/lineinfile/file and services through systemd, which all honour --check; what has no
 * built-in module (sysctl -w, modprobe, mount, ufw disable) runs the steps of ./steps.ts
 * through sh, which report a change only when one is needed and, under --check, only say so.
 *
 * Every value from the result is tagged `!unsafe`, so Jinja never evaluates it, on top of
 * the patterns ./validate.ts already held it to.
 */
import { Document, Scalar } from 'yaml';
import type { FixGroup, FixPlan } from './plan.js';
import { asComments, changeLines, hostLines, leftAloneLines, manualLines, sourceLines } from './header.js';
import {
  BPFFS_FSTAB_LINE,
  describeFix,
  FSTAB,
  parentDir,
  renderStepsGuarded,
  runtimeSteps,
  sysctlFileContent,
  type AutomaticFix,
  type ShellStep,
} from './steps.js';
import { shQuote } from './text.js';
import { BPFFS_MOUNT_POINT } from '../core/fix.js';

type Task = Record<string, unknown>;

/** Python regex for lineinfile: an fstab entry for the bpffs mount point, whatever its device and options. */
const FSTAB_BPFFS_PYTHON = `^[^#\\s]+\\s+${BPFFS_MOUNT_POINT}\\s`;
const REGISTER = 'calico_preflight_step';

function unsafe(value: string): Scalar {
  const node = new Scalar(value);
  node.tag = '!unsafe';
  if (value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
  return node;
}

function named(check: string, what: string, task: Task): Task {
  return { name: unsafe(`${check}: ${what}`), ...task };
}

/**
 * Steps run by sh: the first argument is Ansible's check mode, in which the steps only
 * print what they would change. A printed line is a change, so `changed_when` is exact in
 * both modes and a second run reports none.
 */
function stepsTask(check: string, what: string, steps: ShellStep[]): Task {
  const script = ['set -eu', renderStepsGuarded(steps, (change) => `echo ${shQuote(change)}`, '[ "$1" != True ]'), ''].join('\n');
  return named(check, what, {
    'ansible.builtin.command': { argv: ['/bin/sh', '-c', unsafe(script), 'sh', '{{ ansible_check_mode }}'] },
    // The steps decide for themselves what --check may do: they only look, and say.
    check_mode: false,
    register: REGISTER,
    changed_when: `${REGISTER}.stdout != ''`,
  });
}

function directoryTask(check: string, path: string): Task {
  const dir = parentDir(path);
  return named(check, `${dir} exists`, { 'ansible.builtin.file': { path: unsafe(dir), state: 'directory' } });
}

function copyTask(check: string, what: string, path: string, content: string, mode: string, notify?: string): Task {
  return named(check, what, {
    'ansible.builtin.copy': { dest: unsafe(path), content: unsafe(content), mode, owner: 'root', group: 'root' },
    ...(notify ? { notify: unsafe(notify) } : {}),
  });
}

const reloadHandler = (unit: string) => `reload ${unit}`;

function fixTasks(check: string, fix: AutomaticFix): Task[] {
  const what = describeFix(fix);
  switch (fix.kind) {
    case 'write-file':
      return [directoryTask(check, fix.path), copyTask(check, what, fix.path, fix.content, fix.mode, fix.reload && reloadHandler(fix.reload))];
    case 'stop-disable-service':
      return [named(check, what, { 'ansible.builtin.systemd': { name: unsafe(fix.unit), state: 'stopped', enabled: false } })];
    case 'disable-ufw':
      return [stepsTask(check, what, runtimeSteps(fix))];
    case 'sysctl':
      return [
        stepsTask(check, `set ${fix.key} = ${fix.value} now`, runtimeSteps(fix)),
        directoryTask(check, fix.file),
        copyTask(check, `set ${fix.key} = ${fix.value} at boot (${fix.file})`, fix.file, sysctlFileContent(fix), '0644'),
      ];
    case 'load-modules':
      return [
        stepsTask(check, `load kernel modules ${fix.modules.join(', ')}`, runtimeSteps(fix)),
        directoryTask(check, fix.file),
        named(check, `load them at boot (${fix.file})`, {
          'ansible.builtin.lineinfile': { path: unsafe(fix.file), line: '{{ item }}', create: true, mode: '0644' },
          loop: fix.modules.map(unsafe),
        }),
      ];
    case 'mount-bpffs':
      return [
        stepsTask(check, `mount the BPF filesystem at ${BPFFS_MOUNT_POINT}`, runtimeSteps(fix)),
        named(check, `mount it at boot (${FSTAB})`, { 'ansible.builtin.lineinfile': { path: FSTAB, regexp: FSTAB_BPFFS_PYTHON, line: BPFFS_FSTAB_LINE } }),
      ];
  }
}

function play(group: FixGroup): Record<string, unknown> {
  const checks = [...new Set(group.fixes.map((planned) => planned.check))];
  const reloads = [...new Set(group.fixes.flatMap(({ fix }) => (fix.kind === 'write-file' && fix.reload ? [fix.reload] : [])))];
  return {
    name: unsafe(`calico-preflight fixes for ${group.hosts.length} host(s): ${checks.join(', ')}`),
    hosts: group.hosts.map(unsafe),
    gather_facts: false,
    become: true,
    tasks: group.fixes.flatMap(({ check, fix }) => fixTasks(check, fix)),
    ...(reloads.length > 0
      ? { handlers: reloads.map((unit) => ({ name: unsafe(reloadHandler(unit)), 'ansible.builtin.systemd': { name: unsafe(unit), state: 'reloaded' } })) }
      : {}),
  };
}

function header(plan: FixPlan): string[] {
  const usage = [
    `Ansible playbook written by ${plan.source.tool} (calico-preflight fix): built-in modules only.`,
    'Nothing changes until you run it. Preview, then apply, with your own inventory:',
    '  ansible-playbook -i YOUR_INVENTORY THIS_FILE --check --diff',
    '  ansible-playbook -i YOUR_INVENTORY THIS_FILE',
    'A second run changes nothing once every fix is in place.',
  ];
  const plays = plan.groups.flatMap((group, index) => [...hostLines(group, `Play ${index + 1}, hosts`), 'changes, in order:', ...changeLines(group)]);
  return asComments([usage, sourceLines(plan), plays, manualLines(plan.manual), leftAloneLines(plan)]);
}

export function renderPlaybook(plan: FixPlan): string {
  const doc = new Document(plan.groups.map(play));
  const body = doc.toString({ lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', indentSeq: true });
  return [...header(plan), '---', body].join('\n');
}
