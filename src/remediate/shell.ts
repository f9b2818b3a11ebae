/**
 * The plan as POSIX sh scripts, one per group, for hosts without Ansible: `set -eu`, every
 * change guarded by the condition that it is still needed (./steps.ts), a --dry-run that
 * only says what would change, and a last line saying whether anything changed.
 */
import type { FixGroup, FixPlan } from './plan.js';
import { asComments, changeLines, hostLines, leftAloneLines, manualLines, sourceLines } from './header.js';
import { describeFix, renderStepsGuarded, renderStepsPlain, shellSteps, type AutomaticFix } from './steps.js';
import { commentLines, shQuote } from './text.js';

export interface ScriptFile {
  name: string;
  hosts: string[];
  text: string;
}

const PREAMBLE = `# Single quotes hold values that must stay literal, whatever they contain.
# shellcheck disable=SC2016
set -eu

dry_run=no
case \${1-} in
  -n | --dry-run) dry_run=yes ;;
  '') ;;
  *)
    echo "usage: $0 [--dry-run]" >&2
    exit 2
    ;;
esac
if [ "$dry_run" = no ] && [ "$(id -u)" -ne 0 ]; then
  echo "$0: run this as root, or with --dry-run to see what it would change" >&2
  exit 1
fi

changes=0
# Says what changes (or would, with --dry-run) and counts it.
change() {
  changes=$((changes + 1))
  if [ "$dry_run" = yes ]; then echo "would change: $1"; else echo "change: $1"; fi
}`;

const SUMMARY = `if [ "$changes" -eq 0 ]; then
  echo 'nothing to change: every fix is already in place'
elif [ "$dry_run" = yes ]; then
  echo "$changes change(s) would be made; run without --dry-run to make them"
else
  echo "$changes change(s) made"
fi`;

function scriptName(index: number, count: number): string {
  return `fix-group-${String(index + 1).padStart(String(count).length, '0')}.sh`;
}

function header(plan: FixPlan, group: FixGroup, name: string, index: number): string[] {
  const usage = [
    `POSIX sh script written by ${plan.source.tool} (calico-preflight fix), group ${index + 1} of ${plan.groups.length}.`,
    'Nothing changes until you run it, as root, on each host below:',
    `  sh ${name} --dry-run    (says what it would change)`,
    `  sh ${name}`,
    'A second run changes nothing once every fix is in place.',
  ];
  const manual = plan.manual.filter((item) => item.hosts.some((host) => group.hosts.includes(host)));
  return asComments([usage, sourceLines(plan), hostLines(group, 'For these hosts'), ['It changes, in order:', ...changeLines(group)], manualLines(manual)]);
}

function fixBlock(check: string, fix: AutomaticFix): string {
  return [...commentLines(`${check}: ${describeFix(fix)}`), renderStepsGuarded(shellSteps(fix), (what) => `change ${shQuote(what)}`, '[ "$dry_run" = no ]')].join('\n');
}

export function renderScripts(plan: FixPlan): ScriptFile[] {
  return plan.groups.map((group, index) => {
    const name = scriptName(index, plan.groups.length);
    const body = group.fixes.map(({ check, fix }) => fixBlock(check, fix));
    const text = ['#!/bin/sh', ...header(plan, group, name, index), '', PREAMBLE, '', ...body.flatMap((block) => [block, '']), SUMMARY, ''].join('\n');
    return { name, hosts: group.hosts, text };
  });
}

/** The overview written next to the scripts: which host runs which script, and what is left to people. */
export function renderScriptIndex(plan: FixPlan, scripts: ScriptFile[]): string {
  const rows = scripts.flatMap((script) => script.hosts.map((host) => `${host}\t${script.name}`));
  return [...asComments([['Which script each host runs (HOST<TAB>SCRIPT).'], sourceLines(plan), manualLines(plan.manual), leftAloneLines(plan)]), ...rows, ''].join('\n');
}

/** A finding's fixes as commands to paste into a root shell on the host (the report shows these). */
export function renderCommands(fixes: AutomaticFix[]): string {
  return fixes.map((fix) => renderStepsPlain(shellSteps(fix))).join('\n');
}
