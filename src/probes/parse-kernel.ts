/** KernelFeatures from the kernel sections of the probe output. */
import type { KernelFeatures } from '../core/facts.js';
import { found, missing } from './fact.js';
import type { ProbeOutput } from './probe-output.js';
import { parseProcModules } from './parsers/proc-modules.js';
import { parseLsmod } from './parsers/lsmod.js';
import { parseModuleFiles } from './parsers/modules-dep.js';
import { parseKernelConfig } from './parsers/kernel-config.js';
import { SECTION, SECTION_PREFIX } from './section-ids.js';

export function parseKernel(out: ProbeOutput): KernelFeatures {
  const procModules = out.get(SECTION.modules);
  const lsmod = out.get(SECTION.lsmod);
  // lsmod only reads /proc/modules: with that file absent, an empty listing (busybox prints
  // just the header) proves nothing; a stand-in that lists modules is believed.
  const listed = lsmod?.exitCode === 0 ? parseLsmod(lsmod.stdout) : null;
  const lsmodList = listed && listed.length > 0 ? listed : null;
  const loaded = procModules
    ? found(parseProcModules(procModules.stdout), '/proc/modules')
    : lsmodList
      ? found(lsmodList, 'lsmod')
      : missing<string[]>(
          lsmod ? 'lsmod' : '/proc/modules',
          out.absent('/proc/modules is absent (kernel built without module support)' + (lsmod ? ` and lsmod listed nothing: ${firstLine(lsmod.stdout)}` : '')),
        );
  const moduleSupport = procModules || lsmodList
    ? found(true, procModules ? '/proc/modules' : 'lsmod')
    : out.complete
      ? found(false, '/proc/modules absent')
      : missing<boolean>('/proc/modules', out.absent('/proc/modules was not read'));

  const [moddirId] = out.ids(SECTION_PREFIX.moduleDir);
  const dir = moddirId?.slice(SECTION_PREFIX.moduleDir.length);
  const files = moddirId ? parseModuleFiles(out.get(moddirId)!.stdout) : null;
  const noDir = out.absent('no /lib/modules directory for the running kernel (uname -r, /proc/sys/kernel/osrelease)');
  const builtin = files ? found(files.builtin, `${dir}/modules.builtin`) : missing<string[]>('/lib/modules/$(uname -r)/modules.builtin', noDir);
  const loadable = files ? found(files.loadable, `${dir}/modules.dep`) : missing<string[]>('/lib/modules/$(uname -r)/modules.dep', noDir);

  const [configId] = out.ids(SECTION_PREFIX.kernelConfig);
  const configSection = configId ? out.get(configId) : undefined;
  const config = configSection && configSection.exitCode !== null && configSection.exitCode <= 1
    ? found(parseKernelConfig(configSection.stdout), configId!.slice(SECTION_PREFIX.kernelConfig.length))
    : missing<Record<string, 'y' | 'm' | 'n'>>(
        '/proc/config.gz, /boot/config-$(uname -r)',
        out.absent('no kernel config found (/proc/config.gz, /boot/config-RELEASE, /lib/modules/RELEASE/build/.config)'),
      );

  const tableList = (name: string) => {
    const path = `/proc/net/${name}`;
    const text = out.file(path);
    return text !== undefined
      ? found(text.split('\n').map((l) => l.trim()).filter(Boolean), path)
      : missing<string[]>(path, out.absent(`${path} is absent (ip_tables not loaded yet)`));
  };
  return {
    loaded,
    builtin,
    loadable,
    config,
    iptablesMatches: tableList('ip_tables_matches'),
    iptablesTargets: tableList('ip_tables_targets'),
    moduleSupport,
  };
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '(no output)';
}
