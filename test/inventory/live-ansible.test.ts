/**
 * Our reader against the ansible-inventory installed here (apt-get install ansible), live, on
 * our own tricky inventories: the stored outputs could be stale, this cannot. Skipped with a
 * message when ansible-inventory is missing, except under CI where it must run.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { FileLineError } from '../../src/core/errors.js';
import { loadInventory, renderList } from '../../src/inventory/index.js';
import { skipUnlessTools } from '../support/tools.js';
import { ownCases, parsePythonJson } from './fixtures.js';

const run = promisify(execFile);
const EXAMPLES = fileURLToPath(new URL('../../inventories/', import.meta.url));
const ANSIBLE_INVENTORY = '/usr/bin/ansible-inventory';
const skip = skipUnlessTools([ANSIBLE_INVENTORY], 'apt-get install -y ansible');
if (skip) console.warn(`skipping the live ansible-inventory comparison: ${skip}`);

type Outcome = { ok: true; list: unknown } | { ok: false };

async function ansibleList(path: string): Promise<Outcome> {
  const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'True' };
  try {
    const { stdout, stderr } = await run(ANSIBLE_INVENTORY, ['-i', path, '--list'], { env, maxBuffer: 64 << 20 });
    // Ansible only warns on an unusable file and goes on with an empty inventory.
    if (/Unable to parse|No inventory was parsed/.test(stderr)) return { ok: false };
    return { ok: true, list: parsePythonJson(stdout) };
  } catch {
    return { ok: false };
  }
}

function ourList(path: string): Outcome {
  try {
    return { ok: true, list: parsePythonJson(renderList(loadInventory([path]))) };
  } catch (error) {
    if (error instanceof FileLineError) return { ok: false };
    throw error;
  }
}

describe.skipIf(skip !== undefined)('live comparison with ansible-inventory', () => {
  it('agrees on every inventory in own/ and inventories/', { timeout: 600_000 }, async () => {
    const limit = pLimit(3);
    const examples = ['local.ini', 'kubespray-cluster.ini', 'demo-fleet.ini'].map((name) => ({ name, path: join(EXAMPLES, name) }));
    const cases = [...ownCases(), ...examples];
    const results = await Promise.all(cases.map((c) => limit(async () => ({ name: c.name, ansible: await ansibleList(c.path), ours: ourList(c.path) }))));
    for (const { name, ansible, ours } of results) expect(ours, name).toEqual(ansible);
    expect(results.length).toBeGreaterThan(90);
  });
});
