# shellcheck shell=sh
# How every probe reports: sections framed by this run's nonce, on lines of their own:
#   NONCE begin ID
#   …whatever the probe printed…
#   NONCE end EXIT_STATUS ID
# The nonce is random per run and never on any command line, so nothing a host prints can
# open or close a section (src/probes/sections.ts splits them).

section_begin() {
  printf "%s begin %s\n" "$NONCE" "$1"
}

# section_end STATUS ID
section_end() {
  printf "\n%s end %s %s\n" "$NONCE" "$1" "$2"
}

# print_section ID STATUS TEXT: a section whose output was captured already.
print_section() {
  section_begin "$1"
  printf "%s\n" "$3"
  section_end "$2" "$1"
}

# run_section ID COMMAND…: a command, its stdout and stderr as one section.
run_section() {
  run_id=$1
  shift
  section_begin "$run_id"
  "$@" 2>&1
  section_end $? "$run_id"
}

have() {
  command -v "$1" >/dev/null 2>&1
}

# path_of NAME: PATH_OF, the program NAME on PATH (what command -v names), or empty; walked by
# the shell, since $(command -v) forks a subshell each time.
path_of() {
  PATH_OF=
  set -f
  IFS=:
  for dir in $PATH; do
    if [ -z "$PATH_OF" ] && [ -f "${dir:-.}/$1" ] && [ -x "${dir:-.}/$1" ]; then PATH_OF=${dir:-.}/$1; fi
  done
  unset IFS
  set +f
}

# file_section PATH [ID]: a file read with the shell's own read (no process started); a
# section only when the file exists, saying so when it cannot be read. ID defaults to f:PATH.
file_section() {
  file_id=${2:-f:$1}
  if [ -r "$1" ] && [ -f "$1" ]; then
    section_begin "$file_id"
    while IFS= read -r line || [ -n "$line" ]; do printf "%s\n" "$line"; done <"$1"
    section_end 0 "$file_id"
  elif [ -e "$1" ]; then
    section_begin "$file_id"
    printf "%s: permission denied\n" "$1"
    section_end 13 "$file_id"
  fi
}

# status_section PATH ID: the identity and capability lines of a /proc/PID/status file.
# Sets CAP_LINES_SEEN when the kernel printed CapEff (OpenVZ kernels print no Cap lines).
status_section() {
  if [ -r "$1" ]; then
    section_begin "$2"
    while IFS= read -r line; do
      case $line in
        CapEff:*) CAP_LINES_SEEN=1; printf "%s\n" "$line" ;;
        Name:*|Uid:*|Gid:*|Cap*|NoNewPrivs:*|Seccomp:*) printf "%s\n" "$line" ;;
      esac
    done <"$1"
    section_end 0 "$2"
  fi
}

# spaced COMMA_LIST: sets SPACED to the list's words separated by spaces, unexpanded (globs
# in a file list are expanded where the list is used).
spaced() {
  IFS=,
  set -f
  # shellcheck disable=SC2086 # splitting on commas is the point
  set -- $1
  set +f
  unset IFS
  SPACED=$*
}

# key_lines PATH KEY ID: only the lines of PATH that hold KEY (a kubeconfig may hold a client
# key: the rest never leaves the host), read as file_section reads. Sets KEY_LINE to the first
# line kept and KEY_DENIED when PATH exists but cannot be read.
key_lines() {
  KEY_LINE=
  KEY_DENIED=
  if [ -r "$1" ] && [ -f "$1" ]; then
    section_begin "$3"
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in *"$2"*) printf "%s\n" "$line"; KEY_LINE=${KEY_LINE:-$line} ;; esac
    done <"$1"
    section_end 0 "$3"
  elif [ -e "$1" ]; then
    KEY_DENIED=1
    print_section "$3" 13 "$1: permission denied"
  fi
}
