/**
 * The HTML report: Handlebars partials from templates/ (a --template-dir replaces same-named
 * ones), rendered from the view model, then CSS moved into style="" attributes
 * (./inline-css.ts), because Gmail and Outlook drop <style> blocks. The result is one file
 * with no scripts and nothing fetched when it opens.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { AuditResult } from '../core/result.js';
import { UserError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/version.js';
import { inlineCss } from './inline-css.js';
import { buildReportView, type FixFiles } from './view-model.js';

export const DEFAULT_TEMPLATE_DIR = join(PACKAGE_ROOT, 'templates');

export interface HtmlOptions {
  /** Directory whose `NAME.hbs` files replace the built-in partials of the same name. */
  templateDir?: string;
  /** Fix files the same run wrote, or the result file to write them from, named in the report. */
  fixFiles?: FixFiles;
}

export function renderHtml(result: AuditResult, options: HtmlOptions = {}): string {
  return [...renderHtmlPieces(result, options)].join('');
}

/** The report in pieces to write one after the other: a large fleet's report is never one string. */
export function renderHtmlPieces(result: AuditResult, options: HtmlOptions = {}): Generator<string> {
  return inlineCss(renderTemplates(result, options));
}

/** The report as the templates give it, its CSS still in <style>. */
export function renderTemplates(result: AuditResult, options: HtmlOptions = {}): string {
  const handlebars = Handlebars.create();
  const partials = { ...readPartials(DEFAULT_TEMPLATE_DIR), ...(options.templateDir ? readPartials(options.templateDir) : {}) };
  for (const [name, source] of Object.entries(partials)) handlebars.registerPartial(name, source);
  const view = buildReportView(result, options.fixFiles);
  try {
    return handlebars.compile('{{> layout}}')(view);
  } catch (error) {
    throw new UserError(`cannot render the HTML report from templates ${describeDirs(options)}: ${firstLine(error)}`);
  }
}

/** `NAME.hbs` files of `dir` by NAME, each checked to compile so an error can name its file. */
function readPartials(dir: string): Record<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.hbs'));
  } catch (error) {
    throw new UserError(`cannot read the template directory ${dir}: ${firstLine(error)}`);
  }
  const partials: Record<string, string> = {};
  for (const name of names) {
    const file = join(dir, name);
    const source = readFileSync(file, 'utf8');
    try {
      Handlebars.precompile(source);
    } catch (error) {
      throw new UserError(`${file}: not a valid Handlebars template: ${firstLine(error)}`);
    }
    partials[name.slice(0, -'.hbs'.length)] = source;
  }
  return partials;
}

function describeDirs(options: HtmlOptions): string {
  return options.templateDir ? `${options.templateDir} and ${DEFAULT_TEMPLATE_DIR}` : DEFAULT_TEMPLATE_DIR;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
