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
 * Where the stand-ins keep what changed on a host: unit states (`active/UNIT`, `enabled/UNIT`),
 * daemon PIDs (`pid/UNIT`, written by the setup script) and modules loaded since it started
 * (`modules`). A directory of the fleet's, outside the host's overlays, so it works on
 * read-only hosts too; what is not there yet is the personality's initial state.
 */
export const STATE_SUBDIRS = ['active', 'enabled', 'pid'];

/**
 * `systemctl` for the units of a personality: is-active, is-enabled, show (every property
 * Ansible's systemd module reads, or -p/--property with --value), status, stop, disable,
 * reload, daemon-reload, --version. Stopping a unit kills its daemon (by the PID the setup
 * script recorded), so a process list agrees; disabling removes its wants link, which needs a
 * writable /etc. Anything else fails the way systemctl does on a host where systemd cannot
 * be reached, so a probe never mistakes it for an answer.
 */
export function systemctlScript(services: Record<string, Service>, systemdVersion: string, stateDir: string): string {
  const entries = Object.entries(services);
  const states = entries.map(([unit, s]): [string, string] => [unit, `echo ${s.state}`]);
  const enabled = entries.map(([unit, s]): [string, string] => [
    unit,
    `echo ${(s.enabled ?? s.state === 'active') ? 'enabled' : 'disabled'}`,
  ]);
  return `#!/bin/sh
# systemctl stand-in of a test personality
state_dir=${shQuote(stateDir)}
initial_state() {
  case $1 in
${caseArms(states, 'echo inactive')}
  esac
}
initial_enablement() {
  case $1 in
${caseArms(enabled, 'echo "Failed to get unit file state for $1.service: No such file or directory" >&2; return 1')}
  esac
}
# known UNIT: whether the personality has this unit (then it is safe as a file name too).
known() {
  case $1 in
${caseArms(entries.map(([unit]): [string, string] => [unit, 'return 0']), 'return 1')}
  esac
}
state() {
  if known "$1" && [ -f "$state_dir/active/$1" ]; then cat "$state_dir/active/$1"; else initial_state "$1"; fi
}
enablement() {
  if known "$1" && [ -f "$state_dir/enabled/$1" ]; then cat "$state_dir/enabled/$1"; else initial_enablement "$1"; fi
}
stop_unit() {
  if ! known "$1"; then
    echo "Failed to stop $1.service: Unit $1.service not loaded." >&2
    return 5
  fi
  if [ -f "$state_dir/pid/$1" ]; then
    pid=$(cat "$state_dir/pid/$1")
    kill "$pid" 2>/dev/null || true
    # sshd, PID 1 of the host, reaps it; wait until it is gone from /proc.
    n=0
    while [ -e "/proc/$pid" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    rm -f "$state_dir/pid/$1"
  fi
  echo inactive >"$state_dir/active/$1"
}
disable_unit() {
  if ! known "$1"; then
    echo "Failed to disable unit: Unit file $1.service does not exist." >&2
    return 1
  fi
  link=/etc/systemd/system/multi-user.target.wants/$1.service
  if [ -e "$link" ]; then
    rm -f "$link" || return 1
    echo "Removed $link." >&2
  fi
  echo disabled >"$state_dir/enabled/$1"
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
    *) if [ -z "$verb" ]; then verb=$1; else units="$units \${1%.service}"; fi ;;
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
      load=not-found; known "$u" && load=loaded
      en=$(enablement "$u" 2>/dev/null) || en=''
      pid=0; if known "$u" && [ -f "$state_dir/pid/$u" ]; then pid=$(cat "$state_dir/pid/$u"); fi
      for prop in $(echo "\${props#,}" | tr ',' ' '); do
        case $prop in
          ActiveState) val=$st ;;
          SubState) val=$sub ;;
          LoadState) val=$load ;;
          *) val='' ;;
        esac
        if [ $value = yes ]; then echo "$val"; else echo "$prop=$val"; fi
      done
      if [ -z "$props" ]; then
        printf 'Id=%s.service\\nNames=%s.service\\nLoadState=%s\\nActiveState=%s\\nSubState=%s\\nUnitFileState=%s\\nMainPID=%s\\n' "$u" "$u" "$load" "$st" "$sub" "$en" "$pid"
      fi
    done ;;
  status)
    for u in $units; do
      st=$(state "$u")
      echo "* $u.service"
      echo "   Active: $st"
      [ "$st" = active ] || rc=3
    done ;;
  stop)
    for u in $units; do stop_unit "$u" || rc=$?; done ;;
  disable)
    for u in $units; do disable_unit "$u" || rc=$?; done ;;
  reload)
    for u in $units; do
      if [ "$(state "$u")" != active ]; then
        echo "$u.service is not active, cannot reload." >&2
        rc=1
      fi
    done ;;
  daemon-reload) ;;
  *)
    echo "Unknown operation '$verb'." >&2
    rc=1 ;;
esac
exit $rc
`;
}

/**
 * `lsmod` listing the personality's loaded modules and those `modprobe` loaded since (sizes
 * are illustrative; nothing reads them).
 */
export function lsmodScript(modules: KernelModules, stateDir: string): string {
  // Columns as lsmod prints them: printf("%-19s %8s  %s").
  const rows = modules.loaded.map((name, index) => `${name.padEnd(19)} ${String(16384 + index * 4096).padStart(8)}  0`);
  const loaded = shQuote(`${stateDir}/modules`);
  return `#!/bin/sh
# lsmod stand-in of a test personality
cat <<'EOF'
Module                  Size  Used by
${rows.join('\n')}
EOF
if [ -f ${loaded} ]; then
  while read -r name; do printf '%-19s %8s  0\\n' "$name" 16384; done <${loaded}
fi
`;
}

/**
 * `modprobe NAME [PARAMS]` (`-a` for several names, `-q`): "loads" a module modules.dep or
 * modules.builtin lists by recording it for `lsmod`; any other name fails as the real one
 * does. This kernel has no module support, so loading can only be faked.
 */
export function modprobeScript(release: string, stateDir: string): string {
  const dir = `/lib/modules/${release}`;
  return `#!/bin/sh
# modprobe stand-in of a test personality
loaded=${shQuote(`${stateDir}/modules`)}
all=no quiet=no names=''
for arg do
  case $arg in
    -a|--all) all=yes ;;
    -q|--quiet) quiet=yes ;;
    -v|--verbose|-b|--use-blacklist|--) ;;
    -*) echo "modprobe: unsupported option $arg (stand-in)" >&2; exit 1 ;;
    *) if [ $all = yes ] || [ -z "$names" ]; then names="$names $(echo "$arg" | tr - _)"; fi ;;
  esac
done
rc=0
for m in $names; do
  if lsmod | grep -q "^$m "; then continue; fi
  if grep -q "/$m\\.ko[.a-z]*\\$" ${shQuote(`${dir}/modules.builtin`)}; then continue; fi
  if grep -q "/$m\\.ko[.a-z]*:" ${shQuote(`${dir}/modules.dep`)}; then
    echo "$m" >>"$loaded"
  else
    [ $quiet = yes ] || echo "modprobe: FATAL: Module $m not found in directory ${dir}" >&2
    rc=1
  fi
done
exit $rc
`;
}

/** ufw 0.35's `status` and `disable`: its switch is ENABLED= in /etc/ufw/ufw.conf (disable needs a writable /etc). */
export function ufwScript(): string {
  return `#!/bin/sh
# ufw stand-in of a test personality
conf=/etc/ufw/ufw.conf
enabled() { grep -Eqi '^[[:space:]]*ENABLED[[:space:]]*=[[:space:]]*"?yes' "$conf" 2>/dev/null; }
case "$*" in
  status|'status verbose')
    if enabled; then
      printf 'Status: active\\n\\nTo                         Action      From\\n--                         ------      ----\\n22/tcp                     ALLOW       Anywhere\\n'
    else
      echo 'Status: inactive'
    fi ;;
  disable)
    sed -i 's/^ENABLED=.*/ENABLED=no/' "$conf" || exit 1
    echo 'Firewall stopped and disabled on system startup' ;;
  version|--version) echo 'ufw 0.35' ;;
  *) echo "ERROR: unsupported by this stand-in: $*" >&2; exit 1 ;;
esac
`;
}

/**
 * NetworkManager's `--print-config` answered from the files as they are now (NetworkManager.conf,
 * then conf.d/*.conf by name), so a change to them shows. It prints the files one after the
 * other rather than merged; for one key, a later section wins either way.
 */
export const PRINT_CONFIG_FROM_FILES = Symbol('print the NetworkManager files');

const PRINT_FILES = `echo '# NetworkManager configuration (stand-in: the files as they are)'
    for f in /etc/NetworkManager/NetworkManager.conf /etc/NetworkManager/conf.d/*.conf; do [ -f "$f" ] && cat "$f"; done
`;

/**
 * A daemon that stays up under its own name (the script's name becomes the process name),
 * answering `--version` and, when given, `--print-config` (NetworkManager): fixed text, or
 * PRINT_CONFIG_FROM_FILES.
 */
export function daemonScript(version: string, printConfig?: string | typeof PRINT_CONFIG_FROM_FILES): string {
  const printed = printConfig === PRINT_CONFIG_FROM_FILES ? PRINT_FILES : `cat <<'EOF'\n${printConfig}EOF\n`;
  const printConfigArm = printConfig === undefined ? '' : `  --print-config) ${printed}    exit 0 ;;\n`;
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
