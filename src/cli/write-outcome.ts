/**
 * What `audit` and `merge` do with a finished result: --json, the reports (--html, --junit,
 * mail), a line for each expired waiver, and the terminal summary.
 */
import type { WaiverOutcome } from '../checks/index.js';
import { writeResultJson } from '../report/json-file.js';
import { writeReports, type ReportOutputArgs } from '../report/outputs.js';
import { renderTerminal, shouldUseColor } from '../report/terminal.js';
import type { FixFiles } from '../report/view-model.js';

export interface OutcomeArgs extends ReportOutputArgs {
  json?: string;
  quiet?: boolean;
}

/** `fixFiles`: the playbook and scripts this run wrote, for the report to name. */
export async function writeOutcome({ result, expired }: WaiverOutcome, args: OutcomeArgs, fixFiles: FixFiles = {}): Promise<void> {
  if (args.json) writeResultJson(args.json, result);
  await writeReports(result, args, process.env, fixFiles);
  if (args.quiet) return;
  for (const { waiver } of expired) {
    process.stderr.write(`calico-preflight: waiver ${waiver.file}:${waiver.line} for ${waiver.check} expired on ${waiver.expires}; it no longer applies.\n`);
  }
  process.stdout.write(renderTerminal(result, { color: shouldUseColor(process.stdout) }));
}
