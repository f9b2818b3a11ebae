/**
 * The HTML report: Handlebars partials from templates/ (a --template-dir replaces same-named
 * ones), rendered from the view model, then CSS moved into style="" attributes with juice,
 * because Gmail and Outlook drop <style> blocks. The result is one file with no scripts
 * and nothing fetched when it opens.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import juice from 'juice';
import type { AuditResult } from '../core/result.js';
import { UserError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/version.js';
import { buildReportView, type FixFiles } from './view-model.js';

export const DEFAULT_TEMPLATE_DIR = join(PACKAGE_ROOT, 'templates');

export interface HtmlOptions {
  /** Directory whose `NAME.hbs` files replace the built-in partials of the same name. */
  templateDir?: string;
  /** Fix files the same run wrote, or the result file to write them from, named in the report. */
  fixFiles?: FixFiles;
}

export function renderHtml(result: AuditResult, options: HtmlOptions = {}): string {
  const handlebars = Handlebars.create();
  const partials = { ...readPartials(DEFAULT_TEMPLATE_DIR), ...(options.templateDir ? readPartials(options.templateDir) : {}) };
  for (const [name, source] of Object.entries(partials)) handlebars.registerPartial(name, source);
  const view = buildReportView(result, options.fixFiles);
  let html: string;
  try {
    html = handlebars.compile('{{> layout}}')(view);
  } catch (error) {
    throw new UserError(`cannot render the HTML report from templates ${describeDirs(options)}: ${firstLine(error)}`);
  }
  // Mail clients drop <style> blocks, and media queries or pseudo-classes cannot be inlined:
  // the templates avoid them, and nothing but inline styles is kept.
  return juice(protectFromJuiceCodeBlocks(html), {
    removeStyleTags: true,
    preserveMediaQueries: false,
    preserveFontFaces: false,
    preserveKeyFrames: false,
    preservePseudos: false,
    applyWidthAttributes: true,
    applyHeightAttributes: false,
    insertPreservedExtraCss: false,
  });
}

/**
 * juice leaves anything between `{{` and `}}` (and `<%` … `%>`) alone as template code, so
 * a host named `a{{` would switch off the inlining up to the next `}}` elsewhere in the
 * report. Rendered templates emit no `{{` of their own, and escaping already turned `<` and
 * `>` from hosts into entities, so `{{` can only be host text: write it as entities.
 */
function protectFromJuiceCodeBlocks(html: string): string {
  return html.replace(/\{\{/g, '&#123;&#123;');
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
