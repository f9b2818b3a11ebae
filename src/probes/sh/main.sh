# shellcheck shell=sh
# The entry point. The arguments are named words (src/probes/script.ts builds them):
#   mode=main|root  nonce_a=…  nonce_b=…  become=none|sudo|sudo-password  ports=179,4789
#   files=PATH,GLOB,…  root_files=…  units=…  processes=…  sysctls=…
#   kubelet_paths=…  key_lines=PATH=KEY,…  (comma lists)
#   modules=PATTERN  kconfig=PATTERN  (grep -E patterns)  target=purpose,address,port,code …
# The root part gets, besides, discover=kubelet,apiserver: what the login user could not do.
# The nonce arrives in two halves, so that it is never whole on any process's command line
# (a probe that reads command lines cannot echo it back).

read_arguments() {
  TARGETS=
  for word in "$@"; do
    case $word in
      mode=*) MODE=${word#mode=} ;;
      nonce_a=*) NONCE_A=${word#nonce_a=} ;;
      nonce_b=*) NONCE_B=${word#nonce_b=} ;;
      become=*) BECOME=${word#become=} ;;
      ports=*) PORTS=${word#ports=} ;;
      files=*) spaced "${word#files=}"; FILES=$SPACED ;;
      root_files=*) ROOT_FILES_WORD=${word#root_files=}; spaced "$ROOT_FILES_WORD"; ROOT_FILES=$SPACED ;;
      units=*) UNITS_WORD=${word#units=}; spaced "$UNITS_WORD"; UNITS=$SPACED ;;
      processes=*) spaced "${word#processes=}"; PROCESSES=$SPACED ;;
      sysctls=*) spaced "${word#sysctls=}"; SYSCTLS=$SPACED ;;
      kubelet_paths=*) spaced "${word#kubelet_paths=}"; KUBELET_PATHS=$SPACED ;;
      key_lines=*) KEY_LINES_WORD=${word#key_lines=}; spaced "$KEY_LINES_WORD"; KEY_LINES=$SPACED ;;
      discover=*) DISCOVER=${word#discover=} ;;
      modules=*) MODULE_PATTERN=${word#modules=} ;;
      kconfig=*) CONFIG_PATTERN=${word#kconfig=} ;;
      target=*) TARGETS="$TARGETS ${word#target=}" ;;
    esac
  done
  NONCE=$NONCE_A$NONCE_B
  spaced "$PORTS"
  PORT_LIST=$SPACED
  SS_FILTER=
  for port in $PORT_LIST; do
    if [ -n "$SS_FILTER" ]; then SS_FILTER="$SS_FILTER or "; fi
    SS_FILTER="${SS_FILTER}sport = :$port"
  done
  SS_FILTER="( $SS_FILTER )"
}

# LOGIN_UID from the shell's own status, without starting id(1)
read_login_uid() {
  LOGIN_UID=
  while read -r key value _rest; do
    case $key in Uid:) LOGIN_UID=$value; break ;; esac
  done </proc/self/status
}

# main_jobs: what the login shell reads in the batch (batch.sh). The shell status is read as
# /proc/$$/status: the shell running this script, not the reader. The root part takes the same
# status when it runs in this shell.
main_jobs() {
  job status f:/proc/self/status "/proc/$$/status"
  if [ -r /proc/1/status ]; then job status f:/proc/1/status /proc/1/status; fi
  if [ "$LOGIN_UID" = 0 ] || [ "$BECOME" = none ]; then job status root:status "/proc/$$/status"; fi
  # On merged-/usr systems /lib is a link to /usr/lib: its files are read once, as /usr/lib/…
  for path in $FILES; do
    case $path in /lib/*) if [ -h /lib ]; then continue; fi ;; esac
    file_job "$path" f:
  done
  if [ -r /proc/net/ipv6_route ]; then job routes6 routes6 /proc/net/ipv6_route; fi
  set -- /proc/[0-9]*
  job ps ps "$*"
  kernel_jobs
}

release_of_uname() {
  UNAME_RELEASE=$3
}

# kernel_identity: what uname -snrm prints, from /proc/sys/kernel where the kernel has all four
# (arch, the machine, since Linux 6.1), else from uname. Sets UNAME_RELEASE.
kernel_identity() {
  kernel_name=
  node_name=
  machine=
  if [ -r /proc/sys/kernel/arch ] && [ -r /proc/sys/kernel/ostype ] && [ -r /proc/sys/kernel/hostname ]; then
    read -r machine </proc/sys/kernel/arch
    read -r kernel_name </proc/sys/kernel/ostype
    read -r node_name </proc/sys/kernel/hostname
  fi
  if [ -n "$machine" ] && [ -n "$kernel_name" ] && [ -n "$node_name" ] && [ -n "$PROC_RELEASE" ]; then
    print_section proc-uname 0 "$kernel_name $node_name $PROC_RELEASE $machine"
    UNAME_RELEASE=$PROC_RELEASE
  else
    uname_line=$(uname -snrm 2>&1)
    print_section uname $? "$uname_line"
    # shellcheck disable=SC2086 # uname -snrm: the release is its third word
    release_of_uname $uname_line
  fi
}

main_probes() {
  exec 4<&0 </dev/null
  read_login_uid
  section_begin meta
  printf "uid=%s become=%s ports=%s units=%s\n" "$LOGIN_UID" "$BECOME" "$PORTS" "$UNITS_WORD"
  section_end 0 meta
  now=$(date +%s%N 2>&1)
  print_section clock $? "$now"
  PROC_RELEASE=
  read -r PROC_RELEASE </proc/sys/kernel/osrelease
  kernel_identity
  find_kernel_config
  batch_sections main_jobs
  kernel_probes
  service_probes
  networkmanager_probes
  network_probes
  kube_probes
  if [ "$LOGIN_UID" = 0 ] || [ "$BECOME" = none ]; then
    root_probes
  else
    section_begin become
    if [ "$BECOME" = sudo ]; then
      sudo -n sh -c "$CALICO_PREFLIGHT_PROBE" sh mode=root "nonce_a=$NONCE_A" "nonce_b=$NONCE_B" "become=$BECOME" "ports=$PORTS" "root_files=$ROOT_FILES_WORD" "key_lines=$KEY_LINES_WORD" "discover=$DISCOVER" 2>&1 <&3
    else
      sudo -S -p "" sh -c "$CALICO_PREFLIGHT_PROBE" sh mode=root "nonce_a=$NONCE_A" "nonce_b=$NONCE_B" "become=$BECOME" "ports=$PORTS" "root_files=$ROOT_FILES_WORD" "key_lines=$KEY_LINES_WORD" "discover=$DISCOVER" 2>&1 <&3
    fi
    section_end $? become
  fi
  # the connect sections, which ran meanwhile
  while IFS= read -r line <&4; do printf "%s\n" "$line"; done
  section_begin end
  section_end 0 end
}

read_arguments "$@"
exec 3<&0 </dev/null
if [ "$MODE" = root ]; then
  root_probes
  exit 0
fi
if [ -n "$TARGETS" ]; then
  connect_all | main_probes
else
  main_probes
fi
