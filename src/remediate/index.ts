/**
 * From a result to fixes: the plan (which hosts get which fixes, what needs a person) and
 * its renderings as an Ansible playbook, POSIX sh scripts and the report's commands. Pure:
 * the CLI writes the files.
 */
export { buildFixPlan, plannedFixes, type FixPlan } from './plan.js';
export { renderPlaybook } from './ansible.js';
export { renderCommands, renderScriptIndex, renderScripts } from './shell.js';
export type { AutomaticFix } from './steps.js';
