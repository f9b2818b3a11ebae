/**
 * Mails a report: the HTML report as the body (a plain-text summary beside it for clients
 * that show no HTML), the result JSON attached, the verdict in the subject.
 */
import { gzipSync } from 'node:zlib';
import nodemailer from 'nodemailer';
import type { AuditResult } from '../core/result.js';
import { UserError } from '../core/errors.js';
import { renderTerminal } from './terminal.js';
import { fleetVerdict } from './verdict.js';
import { judgedAgainst } from './judged-against.js';

export interface MailOptions {
  to: string[];
  from: string;
  /** smtp://user:pass@host:port or smtps://…, as nodemailer reads it. */
  smtpUrl: string;
  html: string;
  json: string;
}

export const RESULT_ATTACHMENT = 'calico-preflight-result.json';

/**
 * Raw probe output makes a result of hundreds of hosts tens of megabytes, past what mail
 * servers accept; above this size the attachment is gzipped (`report` and `diff` read
 * .json.gz as well).
 */
export const GZIP_ATTACHMENT_ABOVE = 1024 * 1024;

function resultAttachment(json: string): { filename: string; content: Buffer | string; contentType: string } {
  if (Buffer.byteLength(json) <= GZIP_ATTACHMENT_ABOVE) {
    return { filename: RESULT_ATTACHMENT, content: json, contentType: 'application/json' };
  }
  return { filename: `${RESULT_ATTACHMENT}.gz`, content: gzipSync(json), contentType: 'application/gzip' };
}

export function mailSubject(result: AuditResult): string {
  const { ready, hosts } = fleetVerdict(result);
  return ready
    ? `Calico preflight: READY, all ${hosts.total} hosts meet the ${judgedAgainst(result).release} requirements`
    : `Calico preflight: NOT READY, ${hosts.total - hosts.ready} of ${hosts.total} hosts need attention (${hosts.failing} failing, ${hosts.unreachable} unreachable)`;
}

/** Resolves with the message id the server accepted; a refused or failed send is a UserError. */
export async function sendReport(result: AuditResult, options: MailOptions): Promise<string> {
  let transport: nodemailer.Transporter;
  try {
    transport = nodemailer.createTransport(options.smtpUrl);
  } catch (error) {
    throw new UserError(`cannot use SMTP URL ${redact(options.smtpUrl)}: ${(error as Error).message}`);
  }
  try {
    const info = await transport.sendMail({
      from: options.from,
      to: options.to,
      subject: mailSubject(result),
      text: renderTerminal(result, { color: false }),
      html: options.html,
      // The inlined report has very long lines; base64 keeps them intact through every relay.
      textEncoding: 'base64',
      attachments: [resultAttachment(options.json)],
    });
    return info.messageId;
  } catch (error) {
    throw new UserError(`could not mail the report via ${redact(options.smtpUrl)}: ${(error as Error).message}`);
  } finally {
    transport.close();
  }
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
