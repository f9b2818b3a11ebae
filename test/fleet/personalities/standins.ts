/**
 * Stand-in commands for a personality: POSIX sh scripts that answer like the real tool of
 * the modelled distribution. Pure text builders; ./layers.ts writes them into the overlay.
 */
import type { KernelModules, Service, Uname } from './spec.js';

export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `case` arms mapping each key to one shell command, plus a default arm. */
function caseArms(entries: [string, string][], fallback: string): string {
  const arms = entries.map(([key, command]) => `    ${shQuote(key)}) ${command} ;;`);
  return [...arms, `    *) ${fallback} ;;`].join('\n');
}

/**
 * coreutils `uname`: short flags combine (`-srm`), long forms work, output follows the fixed
 * order s n r v m p i o whatever the flag order. The nodename is the real UTS hostname.
 */
export function unameScript(uname: Uname): string {
  const processor = uname.processor ?? uname.machine;
  return `#!/bin/sh
# uname stand-in of a test personality
s=${shQuote(uname.kernelName)}
r=${shQuote(uname.kernelRelease)}
v=${shQuote(uname.kernelVersion)}
m=${shQuote(uname.machine)}
p=${shQuote(processor)}
i=${shQuote(processor)}
o=${shQuote(uname.operatingSystem ?? 'GNU/Linux')}
n=$(cat /proc/sys/kernel/hostname)
want=''
[ $# -eq 0 ] && want=s
for arg do
  case $arg in
    --all) want="\${want}snrvmpio" ;;
    --kernel-name) want="\${want}s" ;;
    --nodename) want="\${want}n" ;;
    --kernel-release) want="\${want}r" ;;
    --kernel-version) want="\${want}v" ;;
    --machine) want="\${want}m" ;;
    --processor) want="\${want}p" ;;
    --hardware-platform) want="\${want}i" ;;
    --operating-system) want="\${want}o" ;;
    --version) echo 'uname (GNU coreutils) 8.22'; exit 0 ;;
    -?*)
      flags=\${arg#-}
      while [ -n "$flags" ]; do
        c=\${flags%"\${flags#?}"}
        flags=\${flags#?}
        case $c in
          a) want="\${want}snrvmpio" ;;
          [snrvmpio]) want="$want$c" ;;
          *) echo "uname: invalid option -- '$c'" >&2; exit 1 ;;
        esac
      done ;;
    *) echo "uname: extra operand '$arg'" >&2; exit 1 ;;
  esac
done
out=''
for f in s n r v m p i o; do
  case $want in
    *$f*) eval "val=\\$$f"; out="\${out:+$out }$val" ;;
  esac
done
echo "$out"
`;
}

/**
 * `systemctl` for the units of a personality: is-active, is-enabled, show -p/--property
 * (with --value), status, --version. Anything else fails the way systemctl does on a
 * host where systemd cannot be reached, so a probe never mistakes it for an answer.
 */
export function systemctlScript(services: Record<string, Service>, systemdVersion: string): string {
  const entries = Object.entries(services);
  const states = entries.map(([unit, s]): [string, string] => [unit, `echo ${s.state}`]);
  const enabled = entries.map(([unit, s]): [string, string] => [
    unit,
    `echo ${(s.enabled ?? s.state === 'active') ? 'enabled' : 'disabled'}`,
  ]);
  return `#!/bin/sh
# systemctl stand-in of a test personality
state() {
  case \${1%.service} in
${caseArms(states, 'echo inactive')}
  esac
}
enablement() {
  case \${1%.service} in
${caseArms(enabled, 'echo "Failed to get unit file state for $1: No such file or directory" >&2; return 1')}
  esac
}
quiet=no value=no props='' verb='' units=''
while [ $# -gt 0 ]; do
  case $1 in
    -q|--quiet) quiet=yes ;;
    --value) value=yes ;;
    -p) shift; props="$props,$1" ;;
    --property=*) props="$props,\${1#--property=}" ;;
    --no-pager|--no-legend|--full|-l|--plain) ;;
    --version) echo ${shQuote(`systemd ${systemdVersion}`)}; exit 0 ;;
    -*) ;;
    *) if [ -z "$verb" ]; then verb=$1; else units="$units $1"; fi ;;
  esac
  shift
done
rc=0
case $verb in
  is-active)
    for u in $units; do
      st=$(state "$u")
      [ $quiet = yes ] || echo "$st"
      [ "$st" = active ] || rc=3
    done ;;
  is-enabled)
    for u in $units; do
      if en=$(enablement "$u"); then
        [ $quiet = yes ] || echo "$en"
        [ "$en" = enabled ] || rc=1
      else
        rc=1
      fi
    done ;;
  show)
    for u in $units; do
      st=$(state "$u")
      sub=dead; [ "$st" = active ] && sub=running
      for prop in $(echo "\${props#,}" | tr ',' ' '); do
        case $prop in
          ActiveState) val=$st ;;
          SubState) val=$sub ;;
          LoadState) val=loaded ;;
          *) val='' ;;
        esac
        if [ $value = yes ]; then echo "$val"; else echo "$prop=$val"; fi
      done
    done ;;
  status)
    for u in $units; do
      st=$(state "$u")
      echo "* \${u%.service}.service"
      echo "   Active: $st"
      [ "$st" = active ] || rc=3
    done ;;
  *)
    echo "Unknown operation '$verb'." >&2
    rc=1 ;;
esac
exit $rc
`;
}

/** `lsmod` listing fixed modules (sizes are illustrative; nothing reads them). */
export function lsmodScript(modules: KernelModules): string {
  // Columns as lsmod prints them: printf("%-19s %8s  %s").
  const rows = modules.loaded.map((name, index) => `${name.padEnd(19)} ${String(16384 + index * 4096).padStart(8)}  0`);
  return `#!/bin/sh
# lsmod stand-in of a test personality
cat <<'EOF'
Module                  Size  Used by
${rows.join('\n')}
EOF
`;
}

/**
 * A daemon that stays up under its own name (the script's name becomes the process name),
 * answering `--version` and, when given, `--print-config` (NetworkManager).
 */
export function daemonScript(version: string, printConfig?: string): string {
  const printConfigArm = printConfig === undefined ? '' : `  --print-config) cat <<'EOF'\n${printConfig}EOF\n    exit 0 ;;\n`;
  return `#!/bin/sh
# daemon stand-in of a test personality
case $1 in
  --version) echo ${shQuote(version)}; exit 0 ;;
${printConfigArm}esac
while :; do sleep 3600; done
`;
}

/** A CLI that prints one fixed answer, e.g. `firewall-cmd --state` → `running`. */
export function fixedAnswerScript(answers: Record<string, string>, fallbackExit = 2): string {
  const arms = Object.entries(answers).map(([args, out]): [string, string] => [args, `echo ${shQuote(out)}; exit 0`]);
  return `#!/bin/sh
# stand-in of a test personality
case "$*" in
${caseArms(arms, `echo "unsupported by this stand-in: $*" >&2; exit ${fallbackExit}`)}
esac
`;
}
