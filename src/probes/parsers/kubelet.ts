/**
 * kubelet facts: `kubelet --version` ("Kubernetes v1.23.4"; k3s: "k3s version v1.23.6+k3s1
 * (418c3fa8)"), the running kubelet's arguments from /proc/PID/cmdline (NUL-separated), else
 * the flags kubeadm leaves in /var/lib/kubelet/kubeadm-flags.env (KUBELET_KUBEADM_ARGS="--a=b
 * --c") and the Environment=/ExecStart= lines of systemd drop-ins.
 */
export function parseKubeletVersion(text: string): string | null {
  return /(?:Kubernetes|k3s version) (v\d+\.\d+\.\d+\S*)/.exec(text)?.[1] ?? null;
}

/** The env file a kubelet drop-in reads (`EnvironmentFile=-PATH`; "-": a missing file is no error). */
export function environmentFiles(dropIn: string): string[] {
  return [...dropIn.matchAll(/^\s*EnvironmentFile=-?(\S+)\s*$/gm)].map((m) => m[1]!);
}

export function parseCmdline(text: string): string[] {
  return text.split('\0').filter((arg) => arg !== '');
}

/**
 * The arguments after the program itself. A wrapper script's cmdline starts with its
 * interpreter ("/bin/sh /usr/local/bin/kubelet --flag"), so skip to the program's name.
 */
export function programArgs(cmdline: string[], program: string): string[] {
  const at = cmdline.findIndex((arg) => arg.split('/').pop() === program);
  return cmdline.slice(at >= 0 ? at + 1 : 1);
}

/** Shell-like words of a flags value: quotes removed, no expansion. */
export function splitFlags(text: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words.filter((w) => w.startsWith('-'));
}

/** KEY="…" assignments of an env file or `Environment=` lines of a systemd drop-in. */
export function parseEnvFlags(text: string): string[] {
  const args: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/^Environment=/, '');
    if (line.startsWith('#')) continue;
    const env = /^"?([A-Z_][A-Z0-9_]*)=(.*?)"?$/.exec(line);
    if (env) args.push(...splitFlags(env[2]!.replace(/^"|"$/g, '')));
    const exec = /^ExecStart=\S*kubelet\s+(.*)$/.exec(line);
    if (exec) args.push(...splitFlags(exec[1]!));
  }
  return args;
}
