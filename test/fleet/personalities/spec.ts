/**
 * A test host's personality, declared as data: what its files, commands, kernel, services,
 * capabilities and network look like from inside an ssh session. `startPersonalityFleet`
 * (./index.ts) turns each into namespaces around a real sshd.
 *
 * Network values may contain `{{net}}`: the first three octets of the /24 the fleet was
 * given (e.g. `198.19.37`), so a spec can name addresses without knowing the subnet.
 */

export interface Uname {
  kernelName: string; // -s, e.g. "Linux"
  kernelRelease: string; // -r
  kernelVersion: string; // -v, e.g. "#1 SMP Mon Oct 19 16:18:59 UTC 2020"
  machine: string; // -m
  /** -p and -i; old coreutils print the machine there (the default). */
  processor?: string;
  operatingSystem?: string; // -o, default "GNU/Linux"
}

/** Loadable-module kernel evidence, as the files and commands of a real install show it. */
export interface KernelModules {
  /** Modules `lsmod` lists (the stand-in; /proc/modules cannot be faked). */
  loaded: string[];
  /** Everything under /lib/modules/RELEASE/kernel, written to modules.dep. */
  loadable: string[];
  /** Written to modules.builtin. */
  builtin: string[];
  /** Suffix of module files in modules.dep: `.ko` (Ubuntu, Debian) or `.ko.xz` (CentOS 7). */
  suffix: '.ko' | '.ko.xz' | '.ko.zst' | '.ko.gz';
}

export interface Kernel {
  uname: Uname;
  /** /proc/version. */
  procVersion: string;
  modules: KernelModules;
  /** `CONFIG_X` → value, written to /boot/config-RELEASE and over /proc/config.gz. */
  config: Record<string, 'y' | 'm' | 'n'>;
}

/** What `systemctl is-active UNIT` answers; units not listed are `inactive`. */
export type UnitState = 'active' | 'inactive' | 'failed' | 'activating';

export interface Service {
  state: UnitState;
  /** `systemctl is-enabled`; default: enabled when active, else disabled. */
  enabled?: boolean;
  /**
   * Absolute path of the daemon; when the unit is active, a process of that name runs in the
   * host (its own PID namespace), so a process list agrees with systemctl.
   */
  daemon?: string;
  /** The daemon's arguments, as /proc/PID/cmdline shows them after the stand-in's interpreter (default `--nofork`). */
  args?: string[];
  /** What `DAEMON --version` prints. */
  version?: string;
}

export interface Listener {
  /** Process name as `ss -p`/`ps` show it, e.g. `bird`. */
  process: string;
  protocol: 'tcp' | 'udp';
  port: number;
}

export interface ExtraInterface {
  name: string; // e.g. "flannel.1"
  /** `ip link add NAME type …` arguments after `type`, e.g. ['vxlan', 'id', '1', 'dstport', '8472']. */
  type: string[];
  /** CIDRs, may use `{{net}}`. */
  addresses?: string[];
  mtu?: number;
}

export interface Network {
  /** Last octet of the host's eth0 address in the fleet's /24 (default: assigned in order). */
  octet?: number;
  mtu?: number; // eth0, default 1500
  /** More CIDRs on eth0 (may use `{{net}}`), e.g. one that another host has too. */
  extraAddresses?: string[];
  interfaces?: ExtraInterface[];
  /** `iptables` argument lists run in the host's namespace, e.g. ['-A', 'INPUT', …] (this machine's iptables: nf_tables). */
  iptables?: string[][];
  /** `iptables-legacy` argument lists: rules in the legacy backend (with `iptables` rules too, both backends hold rules). */
  iptablesLegacy?: string[][];
  /** An nftables ruleset loaded with `nft -f` in the host's namespace, e.g. firewalld's as `nft list ruleset` printed it. */
  nft?: string;
  /** Sysctls of the host's network namespace (real values, not overlays). */
  sysctl?: Record<string, string>;
  listeners?: Listener[];
}

export interface Personality {
  /** Inventory name, unique in a fleet. */
  name: string;
  /** UTS hostname (default: `name`). */
  hostname?: string;
  /**
   * Files added or replaced, by absolute path under /etc, /usr, /boot, /opt or /sys/class
   * (`/lib/…` is `/usr/lib/…`); `{{net}}` in their text is the fleet's /24, as in network values.
   */
  files?: Record<string, string>;
  /** Executable stand-ins by absolute path (`#!/bin/sh` scripts). */
  commands?: Record<string, string>;
  /** Files hidden (overlay whiteouts), e.g. /etc/debian_version on a CentOS host. */
  hide?: string[];
  /** /proc files replaced by bind mounts, e.g. /proc/sys/kernel/osrelease. */
  procFiles?: Record<string, string>;
  kernel: Kernel;
  /** systemd units by name without `.service`; a `systemctl` stand-in answers for them. */
  services?: Record<string, Service>;
  /** What `systemctl --version` names (219 on CentOS 7, 229 on Ubuntu 16.04). */
  systemdVersion?: string;
  /** Capabilities removed from the bounding set of every session, e.g. `cap_sys_admin`. */
  dropCapabilities?: string[];
  network?: Network;
  /** Inventory variables (may use `{{net}}`). */
  vars?: Record<string, string>;
  /**
   * The host's /etc, /usr, /boot and /opt take writes (each into its own upper directory in
   * the fleet's temp dir), as a host a fix is applied to must. Default: read-only.
   */
  writable?: boolean;
  /**
   * Who the audit logs in as (default root): `user` is a fresh user without sudo rights,
   * `sudoer` one with passwordless sudo (become works when the inventory asks for it).
   */
  login?: 'root' | 'user' | 'sudoer';
}
