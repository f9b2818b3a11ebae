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
    case $key in Uid:) LOGIN_UID=$value ;; esac
  done </proc/self/status
}

release_of_uname() {
  UNAME_RELEASE=$3
}

main_probes() {
  exec 4<&0 </dev/null
  read_login_uid
  section_begin meta
  printf "uid=%s become=%s ports=%s units=%s\n" "$LOGIN_UID" "$BECOME" "$PORTS" "$UNITS_WORD"
  section_end 0 meta
  now=$(date +%s%N 2>&1)
  print_section clock $? "$now"
  uname_line=$(uname -snrm 2>&1)
  print_section uname $? "$uname_line"
  # shellcheck disable=SC2086 # uname -snrm: the release is its third word
  release_of_uname $uname_line
  PROC_RELEASE=
  read -r PROC_RELEASE </proc/sys/kernel/osrelease
  status_section /proc/self/status f:/proc/self/status
  status_section /proc/1/status f:/proc/1/status
  # On merged-/usr systems /lib is a link to /usr/lib: its files are read once, as /usr/lib/…
  for path in $FILES; do
    case $path in /lib/*) if [ -h /lib ]; then continue; fi ;; esac
    file_section "$path"
  done
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
