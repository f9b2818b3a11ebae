/**
 * Writes one personality's view of the file system to disk: a read-only overlay layer per
 * top-level directory (/etc, /usr, /boot), whiteouts for hidden files, and the files to
 * bind-mount over /proc. What the setup script (./wrap.ts) mounts comes from here.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kernelConfigText, modulesBuiltinText, modulesDepText } from './kernel.js';
import type { Personality, Service } from './spec.js';
import { expandNet } from './network.js';
import { daemonScript, lsmodScript, modprobeScript, shQuote, STATE_SUBDIRS, systemctlScript, unameScript } from './standins.js';

const execFileAsync = promisify(execFile);

/** Real program a listener runs under its personality's process name. */
const LISTENER_PROGRAM = '/usr/bin/nc.openbsd';
/**
 * Directories a personality may add files to, each mounted as one overlay. /sys/class (not all
 * of /sys, whose submounts an overlay would hide) takes sysfs as its lower layer: DMI fields
 * such as /sys/class/dmi/id/sys_vendor, which this machine may not even have.
 */
const OVERLAY_ROOTS = ['etc', 'usr', 'boot', 'opt', 'sys/class'];

export interface HostLayers {
  /**
   * `{target: '/etc', lower: DIR}` for each overlaid top-level directory; on a writable host
   * also the `upper` and `work` directories that receive its changes.
   */
  overlays: { target: string; lower: string; upper?: string; work?: string }[];
  /** Files bind-mounted over /proc entries. */
  binds: { source: string; target: string }[];
  /** Shell commands starting the host's daemons (with their unit) and listeners, inside its namespaces. */
  processes: { command: string; unit?: string }[];
  /** The stand-ins' state (see STATE_SUBDIRS). */
  stateDir: string;
}

/** `/lib/x` → `/usr/lib/x` etc.: those top-level names are links on merged-/usr systems. */
export function canonicalPath(path: string): string {
  if (!path.startsWith('/')) throw new Error(`personality path ${path} is not absolute`);
  return path.replace(/^\/(bin|sbin|lib|lib64)\//, '/usr/$1/');
}

function layerPath(layersDir: string, path: string): { root: string; file: string } {
  const canonical = canonicalPath(path);
  const root = OVERLAY_ROOTS.find((candidate) => canonical.startsWith(`/${candidate}/`));
  if (!root) {
    throw new Error(`personality path ${path} is outside ${OVERLAY_ROOTS.map((r) => `/${r}`).join(', ')}`);
  }
  return { root, file: join(layersDir, canonical) };
}

async function writeInto(path: string, content: string | Buffer, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, { mode });
}

function daemonCommand(daemon: string, service: Service): string {
  return [daemon, ...(service.args ?? ['--nofork'])].map(shQuote).join(' ');
}

/** A unit file where systemd keeps it (the real "wants" entry is a link to it; a copy reads the same). */
function unitFile(unit: string, service: Service): string {
  const exec = service.daemon ? `ExecStart=${daemonCommand(service.daemon, service)}\n` : '';
  return `[Unit]\nDescription=${unit}\n\n[Service]\n${exec}\n[Install]\nWantedBy=multi-user.target\n`;
}

/** Every file and command a personality implies, by absolute path. */
function impliedFiles(p: Personality, stateDir: string): { files: Record<string, string>; commands: Record<string, string> } {
  const { kernel } = p;
  const release = kernel.uname.kernelRelease;
  const files: Record<string, string> = {
    '/etc/hostname': `${p.hostname ?? p.name}\n`,
    [`/usr/lib/modules/${release}/modules.dep`]: modulesDepText(kernel.modules),
    [`/usr/lib/modules/${release}/modules.builtin`]: modulesBuiltinText(kernel.modules),
    [`/boot/config-${release}`]: kernelConfigText(kernel.config),
    ...p.files,
  };
  const commands: Record<string, string> = {
    '/usr/bin/uname': unameScript(kernel.uname),
    '/usr/sbin/lsmod': lsmodScript(kernel.modules, stateDir),
    '/usr/sbin/modprobe': modprobeScript(release, stateDir),
    '/usr/bin/systemctl': systemctlScript(p.services ?? {}, p.systemdVersion ?? '229', stateDir),
  };
  for (const [unit, service] of Object.entries(p.services ?? {})) {
    files[`/usr/lib/systemd/system/${unit}.service`] = unitFile(unit, service);
    if (service.enabled ?? service.state === 'active') {
      files[`/etc/systemd/system/multi-user.target.wants/${unit}.service`] = unitFile(unit, service);
    }
    if (service.daemon && service.state === 'active') commands[service.daemon] = daemonScript(service.version ?? 'stand-in');
  }
  return { files, commands: { ...commands, ...p.commands } };
}

function procFiles(p: Personality): Record<string, string | Buffer> {
  const { uname } = p.kernel;
  return {
    '/proc/version': `${p.kernel.procVersion}\n`,
    '/proc/sys/kernel/osrelease': `${uname.kernelRelease}\n`,
    // Linux 6.1+ answers uname -m here too, and the probe reads it instead of running uname.
    '/proc/sys/kernel/arch': `${uname.machine}\n`,
    '/proc/sys/kernel/version': `${uname.kernelVersion}\n`,
    '/proc/config.gz': gzipSync(kernelConfigText(p.kernel.config)),
    ...p.procFiles,
  };
}

/** `net`: the fleet's first three octets, which `{{net}}` in a file's text stands for. */
export async function writeHostLayers(p: Personality, hostDir: string, net: string): Promise<HostLayers> {
  const layersDir = join(hostDir, 'layers');
  const stateDir = join(hostDir, 'state');
  for (const sub of STATE_SUBDIRS) await mkdir(join(stateDir, sub), { recursive: true });
  const roots = new Set<string>();
  const { files, commands } = impliedFiles(p, stateDir);
  for (const [path, content] of Object.entries(files)) {
    const { root, file } = layerPath(layersDir, path);
    roots.add(root);
    await writeInto(file, expandNet(content, net));
  }
  for (const [path, script] of Object.entries(commands)) {
    const { root, file } = layerPath(layersDir, path);
    roots.add(root);
    await writeInto(file, script, 0o755);
  }
  for (const path of p.hide ?? []) {
    const { root, file } = layerPath(layersDir, path);
    roots.add(root);
    await mkdir(dirname(file), { recursive: true });
    // An overlay whiteout: a 0/0 character device hides the lower layers' file.
    await execFileAsync('mknod', [file, 'c', '0', '0']);
  }
  const processes: HostLayers['processes'] = [];
  for (const listener of p.network?.listeners ?? []) {
    const path = `/usr/sbin/${listener.process}`;
    const { root, file } = layerPath(layersDir, path);
    roots.add(root);
    await mkdir(dirname(file), { recursive: true });
    await symlink(LISTENER_PROGRAM, file);
    const udp = listener.protocol === 'udp' ? 'u' : '';
    processes.push({ command: `${path} -dlk${udp} ${listener.port}` });
  }
  for (const [unit, service] of Object.entries(p.services ?? {})) {
    if (service.daemon && service.state === 'active') processes.push({ command: daemonCommand(service.daemon, service), unit });
  }
  const binds: HostLayers['binds'] = [];
  const procDir = join(hostDir, 'proc');
  await mkdir(procDir, { recursive: true });
  for (const [target, content] of Object.entries(procFiles(p))) {
    if (!target.startsWith('/proc/')) throw new Error(`procFiles entry ${target} is not under /proc`);
    const source = join(procDir, target.slice('/proc/'.length).replaceAll('/', '__'));
    await writeFile(source, content);
    binds.push({ source, target });
  }
  const overlays: HostLayers['overlays'] = [];
  for (const root of [...roots].sort()) {
    const overlay = { target: `/${root}`, lower: join(layersDir, root) };
    if (!p.writable) {
      overlays.push(overlay);
      continue;
    }
    // overlayfs wants upper and work directories on one file system, outside any overlay.
    const upper = join(hostDir, 'upper', root);
    const work = join(hostDir, 'work', root);
    await mkdir(upper, { recursive: true });
    await mkdir(work, { recursive: true });
    overlays.push({ ...overlay, upper, work });
  }
  return { overlays, binds, processes, stateDir };
}
