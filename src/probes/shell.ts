/**
 * The probe script: one read-only POSIX sh program that prints every fact of HostFacts in
 * sections framed by the run's nonce. It is written for bash, dash and busybox sh on old
 * hosts, and to fork as few processes as possible: files under /proc, /sys and /etc are
 * read with the shell's own `read`, and big files (modules.dep, kernel config,
 * iptables-save) are filtered on the host.
 *
 * Layout rules, because script.ts folds the text into ONE line (csh and fish login shells
 * cannot take newlines inside quotes) and nests it in single quotes:
 * - no single quote, no `!`, no double backslash anywhere;
 * - every line is a complete command, or ends with `then`, `do`, `else`, `{`, `in`, `;;`,
 *   `|`, `&&`, `||` or `&`; comment lines start with `#`; no here-documents.
 *
 * Invocation: sh -c "$SCRIPT" sh MODE NONCE_A NONCE_B BECOME PORTS [TARGET…]
 *   MODE main|root; the nonce arrives in two halves so the nonce itself never appears in
 *   any process's command line (a probe reading process command lines cannot echo it back);
 *   PORTS is a comma list of the ports Calico binds: listeners are asked for on these ports
 *   only (a host may have thousands of others), and owners only when one is taken; TARGET is
 *   purpose,address,port,encoded-target.
 */
import { configPattern, modulePathPattern } from './kernel-items.js';

/** Units asked of systemctl, in this order; the parser relies on the order. */
export const SERVICE_UNITS = [
  'firewalld', 'ufw', 'NetworkManager', 'iptables', 'ip6tables', 'nftables', 'shorewall',
  'netfilter-persistent', 'ferm', 'csf', 'kubelet', 'kube-proxy', 'bird', 'frr',
] as const;

/** Process names (as in /proc/PID/comm) worth reporting from the process list. */
export const PROCESS_NAMES = [
  'firewalld', 'NetworkManager', 'kubelet', 'kube-proxy', 'bird', 'bird6', 'frr', 'zebra',
  'bgpd', 'flanneld', 'calico-node', 'calico-felix', 'calico-typha', 'cilium-agent', 'weaver',
  'lfd', 'shorewall',
] as const;

/**
 * /proc/sys paths read for the sysctl fact: one-character switches only, because the shell
 * reads them byte by byte and an integer sysctl file answers just the first read(2).
 */
export const SYSCTL_PATHS = [
  'net/ipv4/conf/all/rp_filter', 'net/ipv4/conf/default/rp_filter', 'net/ipv4/ip_forward',
  'net/ipv6/conf/all/forwarding', 'net/ipv6/conf/all/disable_ipv6',
  'net/bridge/bridge-nf-call-iptables', 'net/bridge/bridge-nf-call-ip6tables',
] as const;

const quoteList = (xs: readonly string[]): string => xs.join(' ');

export function probeShellSource(): string {
  return String.raw`
# Framing: "NONCE begin ID" and "NONCE end RC ID" on lines of their own.
M=$1
NA=$2
NB=$3
N=$2$3
B=$4
PORTS=$5
words() { unset IFS; P=$*; }
IFS=,
words $5
F=
for p in $P; do if [ -n "$F" ]; then F="$F or "; fi; F=$F"sport = :$p"; done
F="( $F )"
shift 5
T=$*
exec 3<&0 </dev/null
s() { printf "%s begin %s\n" "$N" "$1"; }
e() { printf "\n%s end %s %s\n" "$N" "$1" "$2"; }
# rf PATH [ID]: a file read with the shell builtin (no fork); a section only when it exists.
rf() {
id=$2
[ -n "$id" ] || id="f:$1"
if [ -r "$1" ] && [ -f "$1" ]; then
s "$id"
while IFS= read -r l || [ -n "$l" ]; do printf "%s\n" "$l"; done <"$1"
e 0 "$id"
elif [ -e "$1" ]; then
s "$id"
printf "%s: permission denied\n" "$1"
e 13 "$id"
fi
}
# rs PATH ID: the identity and capability lines of a /proc/PID/status file.
rs() {
if [ -r "$1" ]; then
s "$2"
while IFS= read -r l; do case $l in CapEff:*) CE=1; printf "%s\n" "$l";; Name:*|Uid:*|Gid:*|Cap*|NoNewPrivs:*|Seccomp:*) printf "%s\n" "$l";; esac; done <"$1"
e 0 "$2"
fi
}
# run ID CMD…: a command with its stdout and stderr as one section.
run() {
id=$1
shift
s "$id"
"$@" 2>&1
e $? "$id"
}
out() { s "$1"; printf "%s\n" "$3"; e "$2" "$1"; }
has() { command -v "$1" >/dev/null 2>&1; }
# taken LINE: whether an ss/netstat line shows a socket on one of the ports in P
taken() {
for p in $P; do case $1 in *":$p "*) return 0;; esac; done
return 1
}
# mine: netstat output without the sockets of other ports (netstat has no filter of its own)
mine() {
while IFS= read -r l; do case $l in tcp*|udp*) if taken "$l"; then printf "%s\n" "$l"; fi;; *) printf "%s\n" "$l";; esac; done
}
# uid from the shell own status, without forking id(1)
myuid() {
ME=
while read -r k v rest; do case $k in Uid:) ME=$v;; esac; done </proc/self/status
}
root() {
exec </dev/null
CE=
rs /proc/self/status root:status
# kernels that print no Cap lines (OpenVZ): ask capsh instead
if [ -z "$CE" ] && has capsh; then run root:capsh capsh --print; fi
# Both rule sets through one grep that keeps tables, policies, DROP/REJECT rules and errors;
# "rc=" lines carry each tool exit status through the pipe.
if has iptables-save; then
s root:iptables-save
{ iptables-save 2>&1; echo "rc=$?"; if has ip6tables-save; then echo "@ip6tables-save"; ip6tables-save 2>&1; echo "rc=$?"; fi; } | grep -E "^[*:@]|-j (DROP|REJECT)|^[^-#]"
e 0 root:iptables-save
fi
# Owners (-p) cost a scan of every process fd: only when a port of interest is taken.
# No -H (old iproute2 lacks it): the header is kept, and tells "none" from "no answer".
if has ss; then
L=$(ss -ltnu "$F" 2>&1)
r=$?
if taken "$L"; then run root:ss-p ss -ltnup "$F"; else out root:ss $r "$L"; fi
elif has netstat; then
L=$(netstat -ltnu 2>&1 | mine)
r=$?
if taken "$L"; then
s root:netstat-p
{ netstat -ltnup 2>/dev/null || netstat -ltnu 2>&1; } | mine
e $? root:netstat-p
else
out root:netstat $r "$L"
fi
fi
# In the login shell, services() has walked /proc already (KP); under sudo the walk is
# repeated, since hidepid can hide other users' processes from the login user.
case $M in root) KP=; for d in /proc/[0-9]*; do c=; read -r c 2>/dev/null <"$d/comm"; case $c in kube-proxy) KP="$KP $d";; esac; done;; esac
for d in $KP; do
c=
read -r c 2>/dev/null <"$d/comm"
case $c in kube-proxy) kpconf "$d";; esac
done
# under sudo: CNI files the login user could not read (some installs make them 0600)
case $M in root) for p in /etc/cni/net.d/*.conf /etc/cni/net.d/*.conflist /etc/cni/net.d/*.json; do rf "$p" "root:f:$p"; done;; esac
}
# kube-proxy usually runs in a container: its --config file is read through /proc/PID/root.
kpconf() {
nx=
for a in $(tr "\000=" "  " <"$1/cmdline"); do
if [ "$nx" = 1 ]; then rf "$1/root$a" root:kube-proxy-config; fi
nx=
case $a in --config) nx=1;; esac
done
}
# csec TARGET RC MESSAGE: one connect section in one printf, so parallel writers do not interleave
csec() { printf "%s begin c:%s\n%s\n\n%s end %s c:%s\n" "$N" "$1" "$3" "$N" "$2" "$1"; }
# All targets from ONE timeout and ONE bash: a subshell per target connects through
# /dev/tcp (fork, no exec) and prints "RC TARGET MESSAGE" on one line; answered frames them.
connects() {
if has timeout && has bash; then
timeout 2 bash -c "set -f; for t; do (IFS=,; set -- \$t; case \$2 in -*) exit;; esac; m=\$(exec 2>&1 3<>/dev/tcp/\$2/\$3); r=\$?; unset IFS; set -- \$m; printf \"%s %s %s\n\" \$r \$t \"\$*\") & done; wait" bash $T | answered
else
for t in $T; do nct "$t" & done
wait
fi
}
# answered: sections for the lines of the one bash; a target without a line had no answer
# before the deadline (timeout killed it: 124), or was never tried (not a plain address).
answered() {
A=
while read -r r t m; do A="$A $t "; csec "$t" "$r" "bash /dev/tcp: $m"; done
for t in $T; do
case $A in *" $t "*) ;; *) plain "$t" && csec "$t" 124 "bash /dev/tcp: ";; esac
done
}
# plain TARGET: whether the address can go to a tool; prints the error section when not
plain() {
case $1 in peer,-*|datastore,-*) csec "$1" 255 "not a plain host name or IP address"; return 1;; esac
}
# nct TARGET: one connect through nc, where bash or timeout is missing
nct() {
plain "$1" || return 0
t=$1
IFS=,
set -- $1
unset IFS
if has nc; then
m=$(nc -v -z -w 2 "$2" "$3" 2>&1 </dev/null)
r=$?
m="nc -v -z -w 2: $m"
# busybox nc has neither -v nor -z: a plain connect with nothing to send does the same
case $m in *"invalid option"*|*"nrecognized option"*|*"sage:"*) m=$(nc -w 2 "$2" "$3" 2>&1 </dev/null); r=$?; m="nc -w 2: $m";; esac
else
r=127
m="no way to test a TCP connect: install bash and coreutils timeout, or nc"
fi
csec "$t" "$r" "$m"
}
main() {
exec 4<&0 </dev/null
myuid
s meta
printf "uid=%s become=%s ports=%s\n" "$ME" "$B" "$PORTS"
e 0 meta
D=$(date +%s%N 2>&1)
out clock $? "$D"
U=$(uname -snrm 2>&1)
out uname $? "$U"
rel() { REL=$3; }
rel $U
OSREL=
read -r OSREL </proc/sys/kernel/osrelease
rf /proc/version
rf /proc/sys/kernel/osrelease
rf /proc/sys/kernel/version
rf /proc/sys/kernel/hostname
if [ -e /etc/os-release ]; then rf /etc/os-release; else rf /usr/lib/os-release; fi
rs /proc/self/status f:/proc/self/status
rs /proc/1/status f:/proc/1/status
kernel
services
netman
network
kube
if [ "$ME" = 0 ] || [ "$B" = none ]; then
root
elif [ "$B" = sudo ]; then
s become
sudo -n sh -c "$CALICO_PREFLIGHT_PROBE" sh root "$NA" "$NB" "$B" "$PORTS" 2>&1 <&3
e $? become
else
s become
sudo -S -p "" sh -c "$CALICO_PREFLIGHT_PROBE" sh root "$NA" "$NB" "$B" "$PORTS" 2>&1 <&3
e $? become
fi
while IFS= read -r l <&4; do printf "%s\n" "$l"; done
s end
e 0 end
}
kernel() {
if [ -r /proc/modules ]; then
s modules
while read -r n rest; do printf "%s\n" "$n"; done </proc/modules
e 0 modules
elif has lsmod; then
run lsmod lsmod
fi
for r in "$REL" "$OSREL"; do
if [ -d "/lib/modules/$r" ]; then
s "moddir:/lib/modules/$r"
grep -oE "${modulePathPattern()}" "/lib/modules/$r/modules.builtin" "/lib/modules/$r/modules.dep" 2>&1
e $? "moddir:/lib/modules/$r"
break
fi
done
kc=
for p in "/boot/config-$REL" "/boot/config-$OSREL" /proc/config.gz "/lib/modules/$REL/build/.config" "/lib/modules/$OSREL/build/.config" "/usr/src/linux-$OSREL/.config"; do
if [ -r "$p" ]; then kc=$p; break; fi
done
if [ -n "$kc" ]; then
s "kconfig:$kc"
case $kc in
*.gz) gzip -dc "$kc" 2>&1 | grep -E "${configPattern()}";;
*) grep -E "${configPattern()}" "$kc";;
esac
e $? "kconfig:$kc"
fi
for p in ip_tables_matches ip_tables_targets ip6_tables_matches ip6_tables_targets; do rf "/proc/net/$p"; done
# Integer sysctl files answer only the first read(2) and dash reads byte by byte, so only
# one-character switches are read this way (see SYSCTL_PATHS).
s sysctl
for k in ${quoteList(SYSCTL_PATHS)}; do
v=
if [ -r "/proc/sys/$k" ]; then read -r v <"/proc/sys/$k"; printf "%s:%s\n" "$k" "$v"; fi
done
e 0 sysctl
if [ -r /proc/mounts ]; then
s bpf-mounts
while read -r dv mp ty rest; do case $ty in bpf) printf "%s %s\n" "$mp" "$ty";; esac; done </proc/mounts
e 0 bpf-mounts
fi
}
services() {
if has systemctl; then
run systemctl systemctl is-active ${quoteList(SERVICE_UNITS)}
fi
s units
for u in ${quoteList(SERVICE_UNITS)}; do
for d in /etc/systemd/system /run/systemd/system /usr/lib/systemd/system /lib/systemd/system; do
if [ -e "$d/$u.service" ]; then printf "unit %s %s\n" "$u" "$d/$u.service"; fi
done
for w in /etc/systemd/system/*.wants/$u.service; do
if [ -e "$w" ]; then printf "enabled %s %s\n" "$u" "$w"; fi
done
if [ -e "/etc/init.d/$u" ]; then printf "initd %s /etc/init.d/%s\n" "$u" "$u"; fi
done
if [ -d /run/systemd/system ]; then printf "systemd-booted\n"; fi
e 0 units
rf /etc/ufw/ufw.conf
s ps
KP=
c=
read -r c 2>/dev/null </proc/1/comm
printf "1 %s\n" "$c"
for d in /proc/[0-9]*; do
c=
read -r c 2>/dev/null <"$d/comm"
case $c in ${PROCESS_NAMES.join('|')}) printf "%s %s\n" "$d" "$c";; esac
case $c in kubelet|kube-proxy) KP="$KP $d";; esac
done
e 0 ps
for d in $KP; do
c=
read -r c 2>/dev/null <"$d/comm"
s "cmdline:$c"
cat "$d/cmdline" 2>&1
e $? "cmdline:$c"
done
}
netman() {
if has NetworkManager; then
run nm-print-config NetworkManager --print-config
elif [ -x /usr/sbin/NetworkManager ]; then
run nm-print-config /usr/sbin/NetworkManager --print-config
fi
rf /etc/NetworkManager/NetworkManager.conf
for d in /usr/lib/NetworkManager/conf.d /run/NetworkManager/conf.d /etc/NetworkManager/conf.d; do
for p in "$d"/*.conf; do rf "$p"; done
done
}
network() {
if has ip; then
run ip-addr ip addr show
fi
rf /proc/net/route
# local (RTF_LOCAL), loopback and multicast routes say nothing about networks: left here.
if [ -r /proc/net/ipv6_route ]; then
s routes6
while read -r d p x y h m r u f v; do case $v:$f:$d in lo:*|*:8???????:*|*:*:ff*) ;; *) printf "%s %s %s %s %s %s %s %s %s %s\n" "$d" "$p" "$x" "$y" "$h" "$m" "$r" "$u" "$f" "$v";; esac; done </proc/net/ipv6_route
e 0 routes6
fi
if [ "$ME" = 0 ] || [ "$B" = none ]; then
:
elif has ss; then
run ss ss -ltnu "$F"
elif has netstat; then
s netstat
netstat -ltnu 2>&1 | mine
e $? netstat
fi
if has ss || has netstat; then
:
else
for p in tcp tcp6 udp udp6; do
if [ -r "/proc/net/$p" ]; then
s "listen:$p"
while IFS=" :" read -r sl la lp ra rp st rest; do case $p$st in tcp*0A|udp*07) case " $P " in *" $((0x$lp)) "*) printf "%s:%s %s\n" "$la" "$lp" "$st";; esac;; esac; done <"/proc/net/$p"
e 0 "listen:$p"
fi
done
fi
}
kube() {
kb=
if has kubelet; then kb=$(command -v kubelet); fi
for p in /usr/bin/kubelet /usr/local/bin/kubelet; do
if [ -z "$kb" ] && [ -x "$p" ]; then kb=$p; fi
done
if [ -n "$kb" ]; then
run "kubelet-version:$kb" "$kb" --version
fi
rf /var/lib/kubelet/kubeadm-flags.env
rf /etc/default/kubelet
rf /etc/sysconfig/kubelet
for d in /etc/systemd/system/kubelet.service.d /usr/lib/systemd/system/kubelet.service.d /lib/systemd/system/kubelet.service.d; do
for p in "$d"/*.conf; do rf "$p"; done
done
rf /var/lib/kube-proxy/config.conf
s cni-ls
for p in /etc/cni/net.d/*; do
if [ -e "$p" ]; then printf "%s\n" "$p"; fi
done
e 0 cni-ls
for p in /etc/cni/net.d/*.conf /etc/cni/net.d/*.conflist /etc/cni/net.d/*.json; do rf "$p"; done
}
case $M in root) root; exit 0;; esac
if [ -n "$T" ]; then
connects | main "$@"
else
main "$@"
fi
`;
}
