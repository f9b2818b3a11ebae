import type { CommandModule } from 'yargs';
import { loadResult } from '../../report/load-result.js';
import { REPORT_OUTPUT_OPTIONS, writeReports, type ReportOutputArgs } from '../../report/outputs.js';
import { renderTerminal, shouldUseColor } from '../../report/terminal.js';
import { exitCodeFor } from '../../report/verdict.js';

interface ReportArgs extends ReportOutputArgs {
  result: string;
}

/** `report RESULT.json`: re-renders a saved result offline; exits like the audit did (0 ready, 1 not). */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <result>',
  describe: 'Re-render a saved result (from audit --json) as HTML, JUnit and a summary, and optionally mail it',
  builder: (yargs) =>
    yargs
      .positional('result', { type: 'string', describe: 'Result JSON written by audit --json', demandOption: true })
      .options(REPORT_OUTPUT_OPTIONS)
      .example('$0 report result.json --html report.html --junit junit.xml', '')
      .example('$0 report result.json --mail-to ops@example.com --smtp smtp://mail.example.com:587', ''),
  handler: async (args) => {
    const result = loadResult(args.result);
    const written = await writeReports(result, args, process.env, { resultFile: args.result });
    process.stdout.write(renderTerminal(result, { color: shouldUseColor(process.stdout) }));
    for (const file of written.files) process.stderr.write(`wrote ${file}\n`);
    if (written.mailedTo.length > 0) process.stderr.write(`mailed the report to ${written.mailedTo.join(', ')}\n`);
    process.exitCode = exitCodeFor(result);
  },
};
