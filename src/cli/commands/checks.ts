import type { CommandModule } from 'yargs';
import { CHECKS } from '../../checks/catalogue.js';
import { DEFAULT_PROFILE, describeCheck, profileFor } from '../../checks/index.js';
import type { CheckInfo } from '../../checks/types.js';
import { checkReferenceMarkdown } from '../../report/check-reference.js';

interface ChecksArgs {
  json?: boolean;
  'calico-version'?: string;
  markdown?: boolean;
}

const COLUMNS = ['id', 'section', 'title', 'requirement'] as const;

/** Aligned columns; the last one (the requirement) wraps under itself to fit the terminal. */
export function formatChecksTable(checks: readonly CheckInfo[], width: number): string {
  const widths = COLUMNS.slice(0, -1).map((column) => Math.max(column.length, ...checks.map((check) => check[column].length)));
  const indent = widths.reduce((sum, size) => sum + size + 2, 0);
  const room = Math.max(30, width - indent);
  const wrap = (text: string) =>
    text.split(' ').reduce<string[]>((lines, word) => {
      const last = lines[lines.length - 1];
      if (last !== undefined && (last + ' ' + word).length <= room) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
      return lines;
    }, []);
  const row = (cells: string[], requirement: string) =>
    wrap(requirement)
      .map((line, index) => (index === 0 ? cells.map((cell, column) => cell.padEnd(widths[column]! + 2)).join('') : ' '.repeat(indent)) + line)
      .join('\n');
  return [row(COLUMNS.slice(0, -1).map((column) => column.toUpperCase()), 'REQUIREMENT'), ...checks.map((check) => row([check.id, check.section, check.title], check.requirement))].join('\n');
}

function info(check: CheckInfo): CheckInfo & { scope: string } {
  const { id, title, section, requirement, docUrl } = check;
  return { id, title, section, requirement, docUrl, scope: 'scope' in check ? String(check.scope) : 'host' };
}

export const checksCommand: CommandModule<object, ChecksArgs> = {
  command: 'checks',
  describe: `List every check: id, section, title and the Calico requirement it enforces (v${DEFAULT_PROFILE} unless --calico-version)`,
  builder: (yargs) =>
    yargs
      .option('json', { type: 'boolean', describe: 'Print the catalogue as JSON' })
      .option('markdown', { type: 'boolean', describe: 'Print the check reference (docs/checks.md) as Markdown' })
      .option('calico-version', { type: 'string', describe: `The Calico release whose requirements to list (default ${DEFAULT_PROFILE})` })
      .conflicts('json', 'markdown'),
  handler: (argv) => {
    const profile = profileFor(argv['calico-version'] ?? DEFAULT_PROFILE);
    const checks = CHECKS.map((check) => describeCheck(check, profile));
    if (argv.markdown) {
      process.stdout.write(checkReferenceMarkdown(checks));
    } else if (argv.json) {
      process.stdout.write(`${JSON.stringify(checks.map(info), null, 2)}\n`);
    } else if (process.stdout.isTTY) {
      process.stdout.write(`Calico v${profile.version} requirements (${profile.requirementsUrl}):\n\n${formatChecksTable(checks, process.stdout.columns || 120)}\n`);
    } else {
      process.stdout.write(checks.map((check) => [check.id, check.section, check.title, check.requirement].join('\t')).join('\n') + '\n');
    }
  },
};
