/**
 * iptables-save output (filtered on the host to tables, chain policies and DROP/REJECT
 * rules): the rules that drop or reject, and chains whose policy is DROP.
 */
import type { FirewallRule } from '../../core/facts.js';

export function parseIptablesSave(text: string): FirewallRule[] {
  const rules: FirewallRule[] = [];
  let table = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    const policy = /^:(\S+) (DROP|REJECT) /.exec(line);
    if (policy) rules.push({ table, chain: policy[1]!, rule: line });
    const rule = /^-A (\S+) .*-j (DROP|REJECT)\b/.exec(line);
    if (rule) rules.push({ table, chain: rule[1]!, rule: line });
  }
  return rules;
}

/** Whether the text is iptables-save output at all (and not only an error). */
export function looksLikeIptablesSave(text: string): boolean {
  return /^\*\w+$/m.test(text) || /^# (Generated|Completed)/m.test(text) || text.trim() === '' || /^rc=0$/m.test(text);
}
