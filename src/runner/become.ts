/**
 * How a host's root probes get root: Ansible's become variables (or the CLI's --become /
 * --ask-become-pass) mapped onto the probe plan's become mode. The password travels on the
 * command's stdin (`sudo -S -p ''`), never on a command line where `ps` would show it.
 */
import { UserError } from '../core/errors.js';
import type { HostVars, VarValue } from '../core/vars.js';
import type { BecomeMode } from '../probes/index.js';

export interface BecomeOptions {
  /** `--become`: use sudo on every host, whatever the inventory says. */
  become?: boolean;
  /** `--ask-become-pass` (or a password from elsewhere): overrides ansible_become_password. */
  becomePassword?: string;
}

export interface BecomePlan {
  mode: BecomeMode;
  /** What the exec writes on stdin: the sudo password and a newline. */
  stdin?: Buffer;
}

/** Ansible's boolean spellings (`yes`, `True`, `1`, `on`, …), as its `boolean()` filter reads them. */
function isTrue(value: VarValue | undefined): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') return ['yes', 'on', '1', 'true', 'y', 't'].includes(value.trim().toLowerCase());
  return false;
}

function textVar(vars: HostVars, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = vars[name];
    if (value !== undefined && value !== null && value !== '') return String(value);
  }
  return undefined;
}

/**
 * The become plan for one host. Throws UserError for settings we cannot honour: the probes
 * need root, so another become user or a method other than sudo would audit the wrong thing.
 */
export function becomePlanFor(host: string, vars: HostVars, options: BecomeOptions): BecomePlan {
  const wanted = options.become === true || isTrue(vars['ansible_become']);
  if (!wanted) return { mode: 'none' };

  const user = textVar(vars, 'ansible_become_user');
  if (user !== undefined && user !== 'root') {
    throw new UserError(
      `Host ${host}: ansible_become_user=${user} is not supported; calico-preflight needs root, so remove it or set it to root.`,
    );
  }
  const method = textVar(vars, 'ansible_become_method');
  if (method !== undefined && method !== 'sudo') {
    throw new UserError(`Host ${host}: ansible_become_method=${method} is not supported; only sudo is.`);
  }
  const password = options.becomePassword ?? textVar(vars, 'ansible_become_password', 'ansible_become_pass');
  if (password === undefined) return { mode: 'sudo' };
  return { mode: 'sudo-password', stdin: Buffer.from(`${password}\n`, 'utf8') };
}
