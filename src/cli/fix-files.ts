/**
 * Writes a fix plan's files: the playbook and the script directory (scripts plus hosts.txt).
 * Shared by `fix` and `audit --playbook/--fix-script`.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { renderPlaybook, renderScriptIndex, renderScripts, type FixPlan } from '../remediate/index.js';
import { writeFilePieces } from '../report/write-file.js';

const SCRIPT_INDEX = 'hosts.txt';
const OWN_SCRIPT = /^fix-group-\d+\.sh$/;

export interface FixFileOptions {
  playbook?: string;
  scriptDir?: string;
  /** Replace an existing playbook, and scripts an earlier run wrote into the directory. */
  overwrite: boolean;
}

function write(path: string, text: string, what: string, mode = 0o644): void {
  writeFilePieces(path, [text], `cannot write the ${what} to ${path}`, mode);
}

/** Refuses before anything is written, so a refused run leaves no half-written output. */
function checkFixTargets(options: FixFileOptions): void {
  if (options.overwrite) return;
  if (options.playbook && existsSync(options.playbook)) throw new UserError(`${options.playbook} already exists; remove it, choose another name, or pass --force`);
  if (options.scriptDir && existsSync(options.scriptDir) && readdirSync(options.scriptDir).length > 0) {
    throw new UserError(`${options.scriptDir} already exists and is not empty; remove it, choose another directory, or pass --force`);
  }
}

/** Writes what `options` asks for and returns one line per file written. */
export function writeFixFiles(plan: FixPlan, options: FixFileOptions): string[] {
  checkFixTargets(options);
  const written: string[] = [];
  const hosts = new Set(plan.groups.flatMap((group) => group.hosts)).size;
  if (options.playbook) {
    write(options.playbook, renderPlaybook(plan), 'playbook');
    written.push(`wrote ${options.playbook}: ${plan.groups.length} play(s) for ${hosts} host(s)`);
  }
  if (options.scriptDir) {
    const dir = options.scriptDir;
    const scripts = renderScripts(plan);
    try {
      mkdirSync(dir, { recursive: true });
      for (const name of readdirSync(dir)) if (OWN_SCRIPT.test(name)) rmSync(join(dir, name));
    } catch (error) {
      throw new UserError(`cannot write the scripts to ${dir}: ${(error as Error).message}`);
    }
    for (const script of scripts) write(join(dir, script.name), script.text, 'script', 0o755);
    write(join(dir, SCRIPT_INDEX), renderScriptIndex(plan, scripts), 'script index');
    written.push(`wrote ${scripts.length} script(s) for ${hosts} host(s) to ${dir} (${SCRIPT_INDEX} says which host runs which)`);
  }
  return written;
}

/** What the plan leaves to people, in a line or two for stderr. */
export function leftAloneSummary(plan: FixPlan): string[] {
  const lines: string[] = [];
  if (plan.manual.length > 0) lines.push(`${plan.manual.length} finding(s) need a person, not a script: listed in the header`);
  if (plan.refused.length > 0) lines.push(`${plan.refused.length} fix(es) left out because a value in them is not safe to run: listed in the header`);
  return lines;
}
