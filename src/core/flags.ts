/** Command-line flags as kubelet, kube-proxy and the controller-manager take them. */

/** Value of `--flag=value` or `--flag value` in an argument list, the last one winning. */
export function flagValue(args: string[], flag: string): string | undefined {
  let value: string | undefined;
  args.forEach((arg, index) => {
    if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
    else if (arg === flag) value = args[index + 1] ?? '';
  });
  return value;
}
