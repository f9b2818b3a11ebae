/**
 * Where the profiles' facts are written. Docs pages are cited as the tigera/docs file at the
 * commit that was read (docs.tigera.io renders them; the versioned pages are edited after a
 * release, so the commit matters); code as the projectcalico/calico file at a commit.
 */
export const docs = (path: string, commit: string): string => `tigera/docs:${path}@${commit}`;
export const calico = (path: string, commit: string): string => `projectcalico/calico:${path}@${commit}`;

/** The page the project started from, and the catalogue derived from it. */
export const SEED_PAGE =
  'https://projectcalico.docs.tigera.io/archive/v3.22/getting-started/kubernetes/requirements (translated in shared/spec/calico-v3.22-requirements.zh.md)';
export const SEED_CHECKS = 'shared/spec/checks.md';

/** Felix's configuration defaults (ports, interface names, nftables mode), 2025 master. */
export const FELIX_CONFIG = calico('felix/config/config_params.go', '0039c9cd422351e6d4db51b067cffc3b226b6e74');
/** "v3Dot10Dot0 is the oldest version we support at time of writing": Felix falls back to 3.10 assumptions. */
export const FELIX_FLOOR_2022 = calico('felix/environment/feature_detect.go', '03bfd2d3bda4827933d8a1c0001a04a91fb5c72e');
export const FELIX_FLOOR_2025 = calico('felix/environment/feature_detect_linux.go', '1bbf273a88490cde5fe792c928ad4fb646f28eb7');
/** distToVersionMap: Ubuntu and default 5.3.0, RedHat 4.18.0-193 (the v3.22-era eBPF gate). */
export const FELIX_BPF_GATE = calico('felix/bpf/bpf.go', '17c81dabdee61254d65c62d745c95fd9a7dbf547');
/**
 * calico-node's init container (mount-bpffs, later ebpf-bootstrap: `calico-node -init -best-effort`)
 * mounts bpffs at /sys/fs/bpf with Bidirectional propagation, so the mount lands on the host.
 */
export const MOUNT_BPFFS_INIT = calico('manifests/calico.yaml', '0039c9cd422351e6d4db51b067cffc3b226b6e74');
/** Maintainer, 2023: Calico moved the Policy Sync volume from FlexVolume to CSI in v3.23. */
export const CSI_SINCE_323 = 'https://github.com/projectcalico/calico/issues/7600';
/** IPv6 WireGuard (wg-v6.cali, port 51821) shipped in v3.24. */
export const WIREGUARD_V6_324 = 'https://github.com/projectcalico/calico/issues/4492; https://github.com/projectcalico/calico/pull/6178';
/** vxlan-v6.calico and wg-v6.cali are Calico's own interfaces (IP autodetection skips them), v3.24. */
export const V6_INTERFACES_324 = 'https://github.com/projectcalico/calico/pull/6930';
/** Dec 2025: the versioned requirements pages of 3.29 and later moved from kernel 3.10 to 5.10 and a new distribution list. */
export const KERNEL_510_PR = 'https://github.com/tigera/docs/pull/2417';
