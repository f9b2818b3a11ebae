/**
 * The report outputs a command can ask for (--html, --junit, --template-dir, --mail-to,
 * --smtp, --mail-from), shared by `audit` and `report` so both take the same flags and
 * write the same files.
 */
import { hostname } from 'node:os';
import type { Options } from 'yargs';
import type { AuditResult } from '../core/result.js';
import { UserError } from '../core/errors.js';
import { renderHtml, renderHtmlPieces } from './html.js';
import { renderJunit } from './junit.js';
import type { FixFiles } from './view-model.js';
import { writeFilePieces } from './write-file.js';

export const DEFAULT_HTML_PATH = 'calico-preflight-report.html';
export const SMTP_ENV = 'CALICO_PREFLIGHT_SMTP';

/** yargs option definitions; spread them into a command's builder. */
export const REPORT_OUTPUT_OPTIONS = {
  html: { type: 'string', describe: 'Write the HTML report here', default: DEFAULT_HTML_PATH, requiresArg: true },
  junit: { type: 'string', describe: 'Write a JUnit XML report here (one testsuite per host)', requiresArg: true },
  'template-dir': {
    type: 'string',
    describe: 'Directory of .hbs partials that replace the built-in ones of the same name',
    requiresArg: true,
  },
  'mail-to': {
    type: 'string',
    array: true,
    describe: 'Mail the HTML report (result JSON attached) to these addresses (comma-separated or repeated)',
  },
  smtp: { type: 'string', describe: `SMTP server URL, e.g. smtp://mail.example.com:587 (default: $${SMTP_ENV})`, requiresArg: true },
  'mail-from': { type: 'string', describe: 'Sender address (default: calico-preflight@THIS-HOST)', requiresArg: true },
} as const satisfies Record<string, Options>;

export interface ReportOutputArgs {
  html?: string;
  junit?: string;
  templateDir?: string;
  mailTo?: string[];
  smtp?: string;
  mailFrom?: string;
}

export interface WrittenReports {
  files: string[];
  mailedTo: string[];
}

/** Writes the requested files and sends the requested mail; a bad path or server is a UserError. */
export async function writeReports(
  result: AuditResult,
  args: ReportOutputArgs,
  env: NodeJS.ProcessEnv = process.env,
  fixFiles: FixFiles = {},
): Promise<WrittenReports> {
  const recipients = (args.mailTo ?? []).flatMap((entry) => entry.split(',')).map((a) => a.trim()).filter(Boolean);
  const smtpUrl = args.smtp ?? env[SMTP_ENV];
  if (recipients.length > 0 && !smtpUrl) {
    throw new UserError(`--mail-to needs an SMTP server: pass --smtp URL or set ${SMTP_ENV}`);
  }
  const written: WrittenReports = { files: [], mailedTo: [] };
  const htmlOptions = { fixFiles, ...(args.templateDir ? { templateDir: args.templateDir } : {}) };
  // Mail needs the report whole, as the message body; a file gets it piece by piece.
  const mailHtml = recipients.length > 0 ? renderHtml(result, htmlOptions) : undefined;
  if (args.html !== undefined) {
    writeOutput(args.html, mailHtml ?? renderHtmlPieces(result, htmlOptions), 'HTML report');
    written.files.push(args.html);
  }
  if (args.junit !== undefined) {
    writeOutput(args.junit, renderJunit(result), 'JUnit report');
    written.files.push(args.junit);
  }
  if (mailHtml !== undefined && smtpUrl) {
    // nodemailer is loaded only to send: most runs never mail, and loading it costs ~40 ms.
    const { sendReport } = await import('./mail.js');
    await sendReport(result, {
      to: recipients,
      from: args.mailFrom ?? `calico-preflight@${hostname()}`,
      smtpUrl,
      html: mailHtml,
      json: `${JSON.stringify(result, null, 2)}\n`,
    });
    written.mailedTo.push(...recipients);
  }
  return written;
}

function writeOutput(path: string, content: string | Iterable<string>, what: string): void {
  writeFilePieces(path, typeof content === 'string' ? [content] : content, `cannot write the ${what} to ${path}`);
}
