import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { auditFleet } from '../../audit/run.js';
import { parseShard } from '../../audit/shard.js';
import { DEFAULT_PROFILE, parseSkipList } from '../../checks/index.js';
import { loadWaivers } from '../waiver-file.js';
import { settingsOptions, settingsOverridesFromArgv } from '../settings-flags.js';
import { PACKAGE_ROOT } from '../../core/version.js';
import { UserError } from '../../core/errors.js';
import { loadInventory } from '../../inventory/index.js';
import { REPORT_OUTPUT_OPTIONS } from '../../report/outputs.js';
import { exitCodeFor } from '../../report/verdict.js';
import { interruptOnSignals, openJsonlWriter, RUN_DEFAULTS } from '../../runner/index.js';
import { createConnector, loadSshConfig } from '../../transport/index.js';
import { canPrompt, promptHidden } from '../../transport/prompt.js';
import { buildFixPlan } from '../../remediate/index.js';
import type { AuditResult } from '../../core/result.js';
import type { FixFiles } from '../../report/view-model.js';
import { leftAloneSummary, writeFixFiles } from '../fix-files.js';
import { writeOutcome } from '../write-outcome.js';

const DEFAULT_INVENTORY = 'inventories/local.ini';
export const BECOME_PASSWORD_ENV = 'CALICO_PREFLIGHT_BECOME_PASSWORD';

const CONNECTION = 'Connection:';
const RUN = 'Run:';
const OUTPUT = 'Output:';

function builder(yargs: Argv) {
  return yargs
    .option('inventory', {
      alias: 'i',
      type: 'string',
      array: true,
      describe: `Ansible inventory (INI or YAML; repeatable) [default: ${DEFAULT_INVENTORY}]`,
    })
    .option('limit', { alias: 'l', type: 'string', describe: 'Ansible host pattern choosing the hosts to audit' })
    .option('user', { alias: 'u', type: 'string', group: CONNECTION, describe: 'SSH user (overrides ansible_user)' })
    .option('private-key', { type: 'string', group: CONNECTION, describe: 'SSH private key (overrides ansible_ssh_private_key_file)' })
    .option('known-hosts', { type: 'string', group: CONNECTION, describe: 'known_hosts file [default: ~/.ssh/known_hosts]' })
    .option('accept-new-host-keys', {
      type: 'boolean',
      group: CONNECTION,
      describe: 'Trust on first use: accept unknown host keys and add them to known_hosts (changed keys are still refused)',
    })
    .option('ssh-config', { type: 'string', group: CONNECTION, describe: 'ssh_config file [default: ~/.ssh/config]' })
    .option('ssh-common-args', { type: 'string', group: CONNECTION, describe: 'Like ansible_ssh_common_args, e.g. "-J admin@bastion"' })
    .option('connect-timeout', { type: 'number', group: CONNECTION, describe: 'TCP connect deadline, seconds [default: ansible_ssh_timeout or 10]' })
    .option('become', { alias: 'b', type: 'boolean', group: CONNECTION, describe: 'Run root probes with sudo (like ansible --become)' })
    .option('ask-become-pass', {
      alias: 'K',
      type: 'boolean',
      group: CONNECTION,
      describe: `Ask for the sudo password once (or set ${BECOME_PASSWORD_ENV})`,
    })
    .option('forks', { alias: 'f', type: 'number', group: RUN, default: RUN_DEFAULTS.forks, describe: 'Hosts audited at once' })
    .option('timeout', { type: 'number', group: RUN, default: RUN_DEFAULTS.timeoutSec, describe: 'Per-host deadline over all phases, seconds' })
    .option('skip', { type: 'string', array: true, group: RUN, describe: 'Check ids to waive (comma-separated or repeated)' })
    .option('waivers', { type: 'string', group: RUN, describe: 'YAML waiver file (check, hosts, reason, expires)' })
    .option('shard', {
      type: 'string',
      group: RUN,
      describe: 'Audit only part I of N of the limited hosts (host p goes to part p mod N + 1); join the parts with "merge"',
    })
    .option('quiet', { alias: 'q', type: 'boolean', group: RUN, describe: 'No progress line and no summary' })
    .options(settingsOptions)
    .option('json', { type: 'string', group: OUTPUT, describe: 'Write the result (facts, findings, raw output) as JSON here' })
    .option('jsonl', { type: 'string', group: OUTPUT, describe: 'Append one JSON line per host as each finishes' })
    .option('playbook', { type: 'string', group: OUTPUT, requiresArg: true, describe: 'Write an Ansible playbook that fixes what configuration can fix (see the fix command)' })
    .option('fix-script', { type: 'string', group: OUTPUT, requiresArg: true, describe: 'Write the same fixes as POSIX sh scripts into this directory' })
    .options(REPORT_OUTPUT_OPTIONS)
    .group(Object.keys(REPORT_OUTPUT_OPTIONS), OUTPUT)
    .check((argv) => {
      if (argv.forks !== undefined && !(Number.isInteger(argv.forks) && argv.forks >= 1)) throw new UserError('--forks must be a whole number of at least 1');
      if (argv.timeout !== undefined && !(argv.timeout > 0)) throw new UserError('--timeout must be a positive number of seconds');
      return true;
    })
    .example('$0 audit', 'Audit this machine (inventories/local.ini)')
    .example('$0 audit -i hosts.ini --limit k8s_cluster --become --json result.json', 'Audit a cluster with sudo')
    .example('$0 audit -i hosts.ini --shard 2/4 --json shard-2.json', 'Audit the second of four parts (then: $0 merge shard-*.json)')
    .epilog('Exit status: 0 every host reached and no check failed; 1 a check failed or a host was unreachable; 2 the audit could not run.');
}

type AuditArgs = ReturnType<typeof builder> extends Argv<infer T> ? T : never;

/** The default inventory is the repository's own, so `audit` with no flags audits this machine. */
function inventoryPaths(given: string[] | undefined): string[] {
  if (given && given.length > 0) return given;
  return [existsSync(DEFAULT_INVENTORY) ? DEFAULT_INVENTORY : join(PACKAGE_ROOT, DEFAULT_INVENTORY)];
}

async function becomePassword(args: AuditArgs): Promise<string | undefined> {
  const fromEnv = process.env[BECOME_PASSWORD_ENV];
  if (fromEnv !== undefined) return fromEnv;
  if (!args['ask-become-pass']) return undefined;
  if (!canPrompt()) throw new UserError(`--ask-become-pass needs a terminal; set ${BECOME_PASSWORD_ENV} instead`);
  return promptHidden('BECOME password: ');
}

async function handler(args: AuditArgs): Promise<void> {
  const inventory = loadInventory(inventoryPaths(args.inventory));
  const waivers = args.waivers ? loadWaivers(args.waivers) : [];
  const skip = parseSkipList(args.skip);
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  const password = await becomePassword(args);
  const jsonl = args.jsonl ? openJsonlWriter(args.jsonl) : undefined;
  const interrupt = interruptOnSignals();
  const connector = createConnector({
    ...(args['known-hosts'] ? { knownHostsFile: args['known-hosts'] } : {}),
    acceptNewHostKeys: args['accept-new-host-keys'] === true,
  });
  try {
    const outcome = await auditFleet({
      inventory,
      ...(args.limit ? { limit: args.limit } : {}),
      connection: {
        ...(args.user ? { user: args.user } : {}),
        ...(args['private-key'] ? { privateKey: args['private-key'] } : {}),
        ...(args['ssh-common-args'] ? { sshCommonArgs: args['ssh-common-args'] } : {}),
        ...(args['connect-timeout'] ? { connectTimeoutSec: args['connect-timeout'] } : {}),
      },
      sshConfig: await loadSshConfig(args['ssh-config']),
      settings: settingsOverridesFromArgv(args),
      connector,
      run: {
        forks: args.forks,
        timeoutSec: args.timeout,
        signal: interrupt.signal,
        ...(args.become ? { become: true } : {}),
        ...(password !== undefined ? { becomePassword: password } : {}),
        ...(args.quiet ? {} : { progressStream: process.stderr }),
      },
      waivers: { waivers, skip },
      ...(jsonl ? { jsonl } : {}),
      ...(shard ? { shard } : {}),
      argv: process.argv.slice(2),
    });
    const fixFiles = writeAuditFixes(outcome.result, args);
    await writeOutcome(outcome, args, fixFiles);
    const { result } = outcome;
    const signal = interrupt.received();
    process.exitCode = signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : exitCodeFor(result);
  } finally {
    jsonl?.close();
    interrupt.dispose();
  }
}

/**
 * --playbook / --fix-script: the fix command's files from this run's result, overwritten
 * like the other outputs. Returns what the report should name.
 */
function writeAuditFixes(result: AuditResult, args: AuditArgs): FixFiles {
  const asked = { ...(args.playbook ? { playbook: args.playbook } : {}), ...(args['fix-script'] ? { scriptDir: args['fix-script'] } : {}) };
  const files: FixFiles = args.json ? { resultFile: args.json } : {};
  if (!asked.playbook && !asked.scriptDir) return files;
  const plan = buildFixPlan(result, args.json ?? 'this audit run (not saved: add --json FILE to keep it)');
  const say = (line: string): void => {
    if (!args.quiet) process.stderr.write(`calico-preflight: ${line}\n`);
  };
  if (plan.groups.length === 0) {
    say('no finding that configuration can fix, so no playbook or scripts were written');
    return files;
  }
  for (const line of [...writeFixFiles(plan, { ...asked, overwrite: true }), ...leftAloneSummary(plan)]) say(line);
  return { ...files, ...asked };
}

/** `calico-preflight audit`: the main job. */
export const auditCommand: CommandModule<object, AuditArgs> = {
  command: 'audit',
  describe: `Audit hosts from an Ansible inventory against the Calico requirements (v${DEFAULT_PROFILE} unless --calico-version)`,
  builder,
  handler,
};
