# shellcheck shell=sh
# Sections read in one batch (issue 12): whole files, the status digests, the sysctls and the
# kernel's module files and config. The shell reads a file one byte per read(2) (dash, busybox),
# ~0.4 us of host CPU a byte, and grep is a process per section; where the host has awk, ONE
# awk reads them all with buffered reads. Without awk the shell and grep do it, job by job, as
# before. Both print the same sections.
#
# A job is one line "KIND ID ARG" (ID without blanks; ARG the rest of the line):
#   whole PREFIX PATH    the file, as section PREFIX PATH
#   denied PREFIX PATH   "PATH: permission denied", status 13 (the file exists, unreadable)
#   status ID PATH       the identity and capability lines of a /proc/PID/status file
#   loaded ID PATH       the first word of each line (/proc/modules)
#   bpf ID PATH          "MOUNT_POINT bpf" for each bpf filesystem in PATH (/proc/mounts)
#   sysctl ID KEYS       "KEY:VALUE" for each /proc/sys/KEY named (grep -H . does the same)
#   modules ID DIR       the MODULE_PATTERN matches of DIR/modules.builtin and modules.dep (grep -oE)
#   routes6 ID PATH      the routes of /proc/net/ipv6_route but local (RTF_LOCAL), loopback and
#                        multicast ones, which say nothing about networks
#   ps ID DIRS           "1 COMM" of PID 1, then "DIR COMM" for each /proc/PID in DIRS whose
#                        comm is in PROCESSES
#   kconfig ID PATH      the CONFIG_PATTERN lines of PATH; of a .gz, the rest of the input is
#                        the file decompressed, so this job comes last
# The batch exits 3 when a root:status job printed no CapEff line (OpenVZ: capsh must answer),
# and ends with the line "NONCE kube: DIRS", the /proc/PID of each kubelet, kube-proxy and k3s
# the ps job found (batch_sections keeps it as KUBE_PROCESSES and does not print it).

job() {
  printf "%s %s %s\n" "$1" "$2" "$3"
}

# file_job PATH PREFIX: the job that reads PATH, if it exists (as file_section decides).
file_job() {
  if [ -r "$1" ] && [ -f "$1" ]; then
    job whole "$2" "$1"
  elif [ -e "$1" ]; then
    job denied "$2" "$1"
  fi
}

BATCH_AWK="function sect(id) { printf \"%s begin %s\n\", n, id }"
BATCH_AWK="$BATCH_AWK function done(id, st) { printf \"\n%s end %d %s\n\", n, st, id }"
BATCH_AWK="$BATCH_AWK BEGIN { n = a b; rc = 3; while ((getline job) > 0) {"
BATCH_AWK="$BATCH_AWK kind = job; sub(/ .*/, \"\", kind); rest = substr(job, length(kind) + 2); id = rest; sub(/ .*/, \"\", id); arg = substr(rest, length(id) + 2);"
BATCH_AWK="$BATCH_AWK if (kind == \"whole\") { sect(id arg); while ((getline line < arg) > 0) print line; close(arg); done(id arg, 0) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"denied\") { sect(id arg); print arg \": permission denied\"; done(id arg, 13) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"status\") { sect(id); while ((getline line < arg) > 0) { if (line ~ /^CapEff:/ && id == \"root:status\") rc = 0; if (line ~ /^(Name:|Uid:|Gid:|Cap|NoNewPrivs:|Seccomp:)/) print line }; close(arg); done(id, 0) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"loaded\") { sect(id); while ((getline line < arg) > 0) if (split(line, w) > 0) print w[1]; close(arg); done(id, 0) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"bpf\") { sect(id); while ((getline line < arg) > 0) if (split(line, w) > 2 && w[3] == \"bpf\") print w[2] \" \" w[3]; close(arg); done(id, 0) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"sysctl\") { sect(id); st = 1; count = split(arg, keys, \" \"); for (i = 1; i <= count; i++) { f = \"/proc/sys/\" keys[i]; while ((r = (getline line < f)) > 0) if (line ~ /./) { print keys[i] \":\" line; if (st == 1) st = 0 }; if (r < 0) st = 2; close(f) }; done(id, st) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"modules\") { sect(id); st = 1; for (i = 1; i <= 2; i++) { f = arg (i == 1 ? \"/modules.builtin\" : \"/modules.dep\"); while ((r = (getline line < f)) > 0) { s = line; while (match(s, m) && RLENGTH > 0) { print f \":\" substr(s, RSTART, RLENGTH); if (st == 1) st = 0; s = substr(s, RSTART + RLENGTH) } }; if (r < 0) { print f \": cannot read\"; st = 2 }; close(f) }; done(id, st) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"routes6\") { sect(id); while ((getline line < arg) > 0) if (split(line, w) > 9) { if (w[10] == \"lo\" || w[9] ~ /^8.......\$/ || w[1] ~ /^ff/) continue; print w[1] \" \" w[2] \" \" w[3] \" \" w[4] \" \" w[5] \" \" w[6] \" \" w[7] \" \" w[8] \" \" w[9] \" \" w[10] }; close(arg); done(id, 0) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"ps\") { sect(id); comm = \"\"; getline comm < \"/proc/1/comm\"; close(\"/proc/1/comm\"); print \"1 \" comm; count = split(arg, dirs, \" \"); for (i = 1; i <= count; i++) { f = dirs[i] \"/comm\"; comm = \"\"; getline comm < f; close(f); if (index(\" \" p \" \", \" \" comm \" \") > 0) print dirs[i] \" \" comm; if (comm ~ /^(kubelet|kube-proxy|k3s-server|k3s-agent)\$/) kube = kube \" \" dirs[i] }; done(id, 0) }"
BATCH_AWK="$BATCH_AWK else if (kind == \"kconfig\") { sect(id); st = 1; gz = arg ~ /[.]gz\$/; while ((r = (gz ? (getline line) : (getline line < arg))) > 0) if (line ~ k) { print line; st = 0 }; if (r < 0) st = 2; done(id, st) }"
BATCH_AWK="$BATCH_AWK } print n \" kube:\" kube; exit rc }"

# batch_sections PRODUCER: the sections of the jobs PRODUCER prints. Sets CAPS_MISSING when a
# root:status job printed no CapEff line. mawk (Debian's and Ubuntu's awk) exits at the first
# read(2) that fails: a process that exits while its /proc/PID/comm is read (ESRCH), a file
# that answers EIO (net.ipv6.conf.*.stable_secret while unset). Its output then lacks the
# closing "kube:" line, and the shell reads the jobs again, whole.
batch_sections() {
  batch_out=
  if have awk; then
    batch_out=$({ "$1"; case $KERNEL_CONFIG in *.gz) gzip -dc "$KERNEL_CONFIG" 2>/dev/null ;; esac; } | awk -v a="$NONCE_A" -v b="$NONCE_B" -v m="$MODULE_PATTERN" -v k="$CONFIG_PATTERN" -v p="$PROCESSES" "$BATCH_AWK" 2>/dev/null)
    batch_status=$?
  fi
  case $batch_out in
    *"$NONCE kube:"*) ;;
    *) batch_out=$("$1" | shell_jobs); batch_status=$? ;;
  esac
  if [ "$batch_status" = 3 ]; then CAPS_MISSING=1; else CAPS_MISSING=; fi
  KUBE_PROCESSES=${batch_out##*"$NONCE kube:"}
  printf "%s" "${batch_out%"$NONCE kube:"*}"
}

# shell_jobs: the jobs on stdin, read by the shell and grep (a host without awk).
shell_jobs() {
  jobs_status=3
  KUBE_PROCESSES=
  while read -r kind id arg; do
    case $kind in
      whole) file_section "$arg" "$id$arg" ;;
      denied) print_section "$id$arg" 13 "$arg: permission denied" ;;
      status) CAP_LINES_SEEN=; status_section "$arg" "$id"; if [ "$id" = root:status ] && [ -n "$CAP_LINES_SEEN" ]; then jobs_status=0; fi ;;
      loaded) shell_loaded_modules "$id" "$arg" ;;
      bpf) shell_bpf_mounts "$id" "$arg" ;;
      sysctl) shell_sysctls "$id" "$arg" ;;
      modules) section_begin "$id"; grep -oE "$MODULE_PATTERN" "$arg/modules.builtin" "$arg/modules.dep" 2>&1 </dev/null; section_end $? "$id" ;;
      routes6) shell_routes6 "$id" "$arg" ;;
      ps) shell_process_list "$id" "$arg" ;;
      kconfig) shell_kernel_config "$id" "$arg" ;;
    esac
  done
  printf "%s kube:%s\n" "$NONCE" "$KUBE_PROCESSES"
  return $jobs_status
}

# shell_process_list ID DIRS: the ps job; KUBE_PROCESSES, the kubelet, kube-proxy and k3s ones.
shell_process_list() {
  section_begin "$1"
  comm=
  read -r comm 2>/dev/null </proc/1/comm
  printf "1 %s\n" "$comm"
  for dir in $2; do
    comm=
    read -r comm 2>/dev/null <"$dir/comm"
    case " $PROCESSES " in *" $comm "*) printf "%s %s\n" "$dir" "$comm" ;; esac
    case $comm in kubelet|kube-proxy|k3s-server|k3s-agent) KUBE_PROCESSES="$KUBE_PROCESSES $dir" ;; esac
  done
  section_end 0 "$1"
}

# shell_sysctls ID KEYS: one grep reads them whole (an integer sysctl file answers only the
# first read(2), and the shell reads a byte at a time).
shell_sysctls() {
  section_begin "$1"
  if [ -n "$2" ]; then
    # shellcheck disable=SC2086 # a list of words without spaces
    (cd /proc/sys && grep -H . $2 2>&1 </dev/null)
  fi
  section_end $? "$1"
}

shell_kernel_config() {
  section_begin "$1"
  case $2 in
    *.gz) gzip -dc "$2" 2>&1 </dev/null | grep -E "$CONFIG_PATTERN" ;;
    *) grep -E "$CONFIG_PATTERN" "$2" </dev/null ;;
  esac
  section_end $? "$1"
}

shell_loaded_modules() {
  section_begin "$1"
  while read -r module _rest; do printf "%s\n" "$module"; done <"$2"
  section_end 0 "$1"
}

shell_bpf_mounts() {
  section_begin "$1"
  while read -r _device mount_point fs_type _rest; do
    case $fs_type in bpf) printf "%s %s\n" "$mount_point" "$fs_type" ;; esac
  done <"$2"
  section_end 0 "$1"
}

shell_routes6() {
  section_begin "$1"
  while read -r destination prefix source source_prefix next_hop metric refcount use flags device; do
    case $device:$flags:$destination in
      lo:*|*:8???????:*|*:*:ff*) ;;
      *) printf "%s %s %s %s %s %s %s %s %s %s\n" "$destination" "$prefix" "$source" "$source_prefix" "$next_hop" "$metric" "$refcount" "$use" "$flags" "$device" ;;
    esac
  done <"$2"
  section_end 0 "$1"
}
