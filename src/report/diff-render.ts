/** The diff as people read it: regressions first, then fixes, then what is new, gone or merely changed. */
import { visibleText } from './sanitize.js';
import type { AuditDiff, ChangeKind, CheckChange } from './diff.js';

const SECTIONS: { kind: ChangeKind; heading: string }[] = [
  { kind: 'regressed', heading: 'Regressed' },
  { kind: 'fixed', heading: 'Fixed' },
  { kind: 'new', heading: 'New checks' },
  { kind: 'gone', heading: 'No longer checked' },
  { kind: 'changed', heading: 'Changed (same severity)' },
];

export function renderDiffText(diff: AuditDiff): string {
  const lines = [`Comparing ${diff.old.startedAt} (${diff.old.hosts} hosts) with ${diff.new.startedAt} (${diff.new.hosts} hosts)`];
  if (diff.old.release !== diff.new.release) {
    lines.push('', `Judged against ${diff.old.release}, then ${diff.new.release}: some verdicts changed with the release, not with the hosts.`);
  }
  const list = (heading: string, items: string[]): void => {
    if (items.length > 0) lines.push('', `${heading} (${items.length}):`, ...items.map((item) => `  ${visibleText(item)}`));
  };
  list('Hosts added', diff.hostsAdded);
  list('Hosts removed', diff.hostsRemoved);
  list(
    'Reachability',
    diff.reachability.map((c) => `${c.host}: ${c.kind} (${c.from} → ${c.to})${c.message ? `: ${c.message}` : ''}`),
  );
  for (const { kind, heading } of SECTIONS) {
    list(heading, diff.checks.filter((change) => change.kind === kind).map(describeChange));
  }
  const quiet = lines.length === 1;
  lines.push('', quiet ? 'No changes.' : diff.regressed ? 'Something regressed.' : 'Nothing regressed.');
  return `${lines.join('\n')}\n`;
}

function describeChange(change: CheckChange): string {
  const transition = `${change.from ?? '(absent)'} → ${change.to ?? '(absent)'}`;
  return `${change.host}  ${change.check}: ${transition} — ${change.summary}`;
}
