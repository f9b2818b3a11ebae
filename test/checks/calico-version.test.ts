/**
 * The Calico version setting: how calico_version (ours and kubespray's name) and
 * --calico-version resolve to a requirement profile, and how a release without one is refused.
 */
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { resolveSettings } from '../../src/checks/settings.js';
import { settingsOptions, settingsOverridesFromArgv } from '../../src/cli/settings-flags.js';
import { DEFAULT_PROFILE } from '../../src/checks/profiles/index.js';
import { profileOf } from '../../src/checks/lib/profile.js';
import { SETTINGS } from '../../src/core/settings.js';
import { UserError } from '../../src/core/errors.js';
import { settingsTable } from '../../scripts/readme-settings.js';

async function overridesFrom(args: string[]) {
  const argv = await yargs(args).options(settingsOptions).strict().fail((message) => { throw new Error(message); }).parseAsync();
  return settingsOverridesFromArgv(argv);
}

describe('calico_version', () => {
  it('is unset by default, which means the seed page', () => {
    const { settings, sources } = resolveSettings({});
    expect(settings.calicoVersion).toBeUndefined();
    expect(sources.calicoVersion).toBe('default');
    expect(profileOf(settings).version).toBe('3.22');
    expect(SETTINGS.calicoVersion.unset?.text).toBe(DEFAULT_PROFILE);
  });

  it.each([
    ['v3.28.2', '3.28'],
    ['3.31', '3.31'],
    ['v3.32.0-rc1', '3.32'],
    [3.29, '3.29'],
  ])('reads %j (kubespray writes it as v3.27.3) as the release line %s', (value, line) => {
    const { settings, sources } = resolveSettings({ calico_version: value });
    expect(settings.calicoVersion).toBe(line);
    expect(sources.calicoVersion).toBe('inventory calico_version');
  });

  it('refuses a release without a profile in one sentence naming the host, the variable and the known releases', () => {
    expect(() => resolveSettings({ calico_version: 'v3.27.3' }, {}, 'node1')).toThrow(UserError);
    expect(() => resolveSettings({ calico_version: 'v3.27.3' }, {}, 'node1')).toThrow(
      'host node1: variable calico_version must be a Calico release with a requirement profile, 3.22, 3.28, 3.29, 3.30, 3.31 or 3.32, or a patch release of one such as v3.28.2 (got "v3.27.3").',
    );
  });

  it('tells to quote a number that lost its trailing zero (3.30 in YAML or INI is 3.3)', () => {
    expect(() => resolveSettings({ calico_version: 3.3 }, {}, 'node1')).toThrow(/\(got 3\.3, a number: quote the version so a trailing zero survives, e\.g\. "3\.30"\)\.$/);
  });

  it('leaves a Jinja template unset, as every setting does', () => {
    expect(resolveSettings({ calico_version: '{{ calico_version_default }}' }).settings.calicoVersion).toBeUndefined();
  });

  it('takes --calico-version over the inventory, and refuses an unknown one naming the flag', async () => {
    const overrides = await overridesFrom(['--calico-version', 'v3.30.4']);
    expect(overrides).toEqual({ calicoVersion: '3.30' });
    const { settings, sources } = resolveSettings({ calico_version: 'v3.28.1' }, overrides);
    expect(settings.calicoVersion).toBe('3.30');
    expect(sources.calicoVersion).toBe('--calico-version');
    await expect(overridesFrom(['--calico-version', '3.27'])).rejects.toThrow(/^--calico-version must be a Calico release with a requirement profile, 3\.22, .* \(got "3\.27"\)\.$/);
  });

  it('has its row in the README settings table', () => {
    expect(settingsTable().split('\n')).toContain(
      '| Calico version | Calico release whose requirements apply (a requirement profile; v3.28.2 reads as 3.28) | `calico_version` | `--calico-version VERSION` | 3.22 |',
    );
  });
});
