/**
 * The comment header every generated file starts with: which audit it came from, which
 * hosts it is for, what it will change, and what it leaves to a person. Shared by the
 * playbook and the scripts so both say the same.
 */
import type { FixGroup, FixPlan, ManualItem } from './plan.js';
import { describeFix } from './steps.js';
import { commentLines } from './text.js';
import { checkHostName } from './validate.js';

const WIDTH = 100;

/** A host name as it is when it is a plain one, else quoted so its characters show. */
function shown(name: string): string {
  return checkHostName(name).ok ? name : JSON.stringify(name);
}

/** `items` joined with ", " and wrapped into lines of about WIDTH characters. */
function wrapList(items: string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}, ${item}`;
    if (line !== '' && indent.length + next.length > WIDTH) {
      lines.push(`${line},`);
      line = item;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((text) => `${indent}${text}`);
}

export function sourceLines(plan: FixPlan): string[] {
  const { source } = plan;
  return [
    `From the audit: ${source.file}`,
    `  ${source.tool}, started ${source.startedAt}, finished ${source.finishedAt}`,
    `  inventory: ${source.inventories.join(', ') || '(none recorded)'}`,
  ];
}

export function hostLines(group: FixGroup, label: string): string[] {
  return [`${label} (${group.hosts.length}):`, ...wrapList(group.hosts, '  ')];
}

export function changeLines(group: FixGroup): string[] {
  return group.fixes.map(({ check, fix }) => `  ${check}: ${describeFix(fix)}`);
}

export function manualLines(items: ManualItem[]): string[] {
  if (items.length === 0) return [];
  return [
    `Not scripted, needs a person (${items.length}):`,
    ...items.flatMap((item) => [
      `  ${item.check} (${item.status}) on ${item.hosts.length} host(s):`,
      ...wrapList(item.hosts.map(shown), '      '),
      ...item.why.split('\n').map((line) => `    ${line}`),
    ]),
  ];
}

/** Refused fixes, unreachable hosts and waivers: what the plan left alone, and why. */
export function leftAloneLines(plan: FixPlan): string[] {
  const lines: string[] = [];
  if (plan.refused.length > 0) {
    lines.push(`Left out, not safe to write into a file that runs (${plan.refused.length}):`);
    for (const item of plan.refused) lines.push(`  ${JSON.stringify(item.host)}${item.check ? ` ${item.check}` : ''}: ${item.reason}`);
  }
  if (plan.unreachable.length > 0) lines.push(`Not audited (unreachable), so nothing planned (${plan.unreachable.length}):`, ...wrapList(plan.unreachable.map(shown), '  '));
  for (const item of plan.waived) lines.push(`Waived, left alone: ${item.check} on ${item.hosts.map(shown).join(', ')}`);
  return lines;
}

/** Lines as comments, with an empty comment line between blocks. */
export function asComments(blocks: string[][]): string[] {
  return blocks.filter((block) => block.length > 0).flatMap((block, index) => [...(index > 0 ? ['#'] : []), ...block.flatMap((line) => commentLines(line))]);
}
