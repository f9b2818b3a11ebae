import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { renderHtml } from '../../src/report/html.js';
import { loadResult } from '../../src/report/load-result.js';
import { GZIP_ATTACHMENT_ABOVE, mailSubject, RESULT_ATTACHMENT, sendReport } from '../../src/report/mail.js';
import { SMTP_ENV, writeReports } from '../../src/report/outputs.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { loadFleet } from './helpers.js';
import { decodeBody, leafParts, parseMime, startSmtp, type TestSmtp } from './smtp.js';

describe('sendReport over a real SMTP server on loopback', () => {
  let smtp: TestSmtp;
  beforeEach(async () => {
    smtp = await startSmtp();
  });
  afterEach(async () => {
    await smtp.close();
  });

  it('delivers the HTML report as the body, a text summary beside it and the result JSON attached', async () => {
    const result = loadFleet();
    const html = renderHtml(result);
    const json = JSON.stringify(result);
    await sendReport(result, { to: ['ops@example.com', 'lead@example.com'], from: 'audit@example.net', smtpUrl: smtp.url, html, json });

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.from).toBe('audit@example.net');
    expect(mail!.to).toEqual(['ops@example.com', 'lead@example.com']);

    const message = parseMime(mail!.raw);
    expect(message.headers.get('subject')).toBe('Calico preflight: NOT READY, 9 of 9 hosts need attention (6 failing, 3 unreachable)');
    expect(message.headers.get('subject')).toBe(mailSubject(result));
    const parts = leafParts(message);
    const byType = (type: string) => parts.find((part) => part.headers.get('content-type')?.startsWith(type));
    expect(decodeBody(byType('text/html')!)).toBe(html);
    expect(decodeBody(byType('text/plain')!)).toBe(renderTerminal(result, { color: false }));
    const attachment = byType('application/json')!;
    expect(attachment.headers.get('content-disposition')).toBe(`attachment; filename=${RESULT_ATTACHMENT}`);
    expect(JSON.parse(decodeBody(attachment))).toEqual(result);
  });

  it('gzips a result too large to mail as it is, in a form `report` reads back', async () => {
    const result = loadFleet();
    result.hosts[0]!.raw = { ps: { stdout: 'root 1 /sbin/init\n'.repeat(100_000), exitCode: 0, truncated: false } };
    const json = JSON.stringify(result);
    expect(json.length).toBeGreaterThan(GZIP_ATTACHMENT_ABOVE);
    await sendReport(result, { to: ['ops@example.com'], from: 'audit@example.net', smtpUrl: smtp.url, html: '<p>r</p>', json });

    const attachment = leafParts(parseMime(smtp.received[0]!.raw)).find((part) =>
      part.headers.get('content-type')?.startsWith('application/gzip'),
    )!;
    expect(attachment.headers.get('content-disposition')).toBe(`attachment; filename=${RESULT_ATTACHMENT}.gz`);
    const gz = Buffer.from(attachment.body.replace(/\s+/g, ''), 'base64');
    expect(gz.length).toBeLessThan(json.length / 20);
    const dir = mkdtempSync(join(tmpdir(), 'report-mail-'));
    try {
      writeFileSync(join(dir, 'result.json.gz'), gz);
      expect(loadResult(join(dir, 'result.json.gz'))).toEqual(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what writeReports sends for --mail-to with the SMTP URL from the environment', async () => {
    const result = loadFleet();
    const written = await writeReports(result, { mailTo: ['a@example.com, b@example.com', 'c@example.com'] }, { [SMTP_ENV]: smtp.url });
    expect(written).toEqual({ files: [], mailedTo: ['a@example.com', 'b@example.com', 'c@example.com'] });
    expect(smtp.received[0]!.to).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(smtp.received[0]!.from).toMatch(/^calico-preflight@/);
  });
});

describe('mail errors', () => {
  it('says which server refused the mail, without its password', async () => {
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        callback(new Error('no such mailbox'));
      },
    });
    try {
      const url = smtp.url.replace('smtp://', 'smtp://audit:s3cret@');
      const attempt = sendReport(loadFleet(), { to: ['x@example.com'], from: 'a@example.net', smtpUrl: url, html: '<p>x</p>', json: '{}' });
      await expect(attempt).rejects.toThrow(UserError);
      await expect(attempt).rejects.toThrow(/^could not mail the report via smtp:\/\/audit:\*\*\*@127\.0\.0\.1:\d+: /);
    } finally {
      await smtp.close();
    }
  });

  it('asks for an SMTP server when --mail-to has none', async () => {
    await expect(writeReports(loadFleet(), { mailTo: ['a@example.com'] }, {})).rejects.toThrow(
      `--mail-to needs an SMTP server: pass --smtp URL or set ${SMTP_ENV}`,
    );
  });
});
