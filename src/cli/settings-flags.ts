/**
 * The command-line flags of the audit settings, one per setting of src/core/settings.ts. No
 * defaults: an absent flag leaves the inventory in charge (see src/checks/settings.ts for
 * the order of precedence).
 */
import type { Options } from 'yargs';
import { UserError } from '../core/errors.js';
import { SETTING_LIST, placeValue, type SettingFlag, type SettingsOverrides } from '../core/settings.js';
import type { VarValue } from '../core/vars.js';
import { InvalidValue, readValue } from '../checks/settings-values.js';

const GROUP = 'Calico settings (override inventory variables):';

/** yargs options for every setting; register with `.options(settingsOptions)`. */
export const settingsOptions = Object.fromEntries(
  SETTING_LIST.map(({ spec }) => [
    spec.flag,
    {
      type: spec.kind.flagType,
      ...(spec.kind.type === 'choice' ? { choices: spec.kind.choices } : {}),
      group: GROUP,
      describe: `${spec.description} [${spec.variable}]`,
    },
  ]),
) as Record<SettingFlag, Options>;

/** The overrides given on the command line; throws UserError naming the bad flag. */
export function settingsOverridesFromArgv(argv: Record<string, unknown>): SettingsOverrides {
  const overrides: Record<string, unknown> = {};
  for (const { spec, ...place } of SETTING_LIST) {
    const given = argv[spec.flag];
    if (given === undefined) continue;
    try {
      placeValue(overrides, place, readValue(spec.kind, given as VarValue));
    } catch (error) {
      if (error instanceof InvalidValue) throw new UserError(`--${spec.flag} ${error.message}.`);
      throw error;
    }
  }
  return overrides as SettingsOverrides;
}
