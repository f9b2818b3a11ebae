/** From the kernel's machine name (`uname -m`) to Calico's name for the architecture. */
const CALICO_NAMES: Readonly<Record<string, string>> = { x86_64: 'x86-64', amd64: 'x86-64', aarch64: 'arm64', arm64: 'arm64', ppc64le: 'ppc64le', s390x: 's390x' };

/** Calico's name ("x86-64", "arm64", …) for a `uname -m` machine name, or undefined for one Calico names nowhere. */
export function calicoArchitecture(machine: string): string | undefined {
  return CALICO_NAMES[machine];
}
