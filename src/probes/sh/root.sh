# shellcheck shell=sh
# What needs root: the root shell's capabilities, the firewall (firewall.sh), socket owners,
# kube-proxy's config inside its container, files only root may read, and the kubelet binary
# and API server only root can find (root_kube_probes). It runs in the login
# shell when that is root (or become is off), else in one `sudo sh -c` of this same script.

root_probes() {
  exec </dev/null
  # In the login shell, the main batch read root:status already.
  if [ "$MODE" = root ]; then batch_sections root_jobs; fi
  if [ -n "$CAPS_MISSING" ] && have capsh; then
    run_section root:capsh capsh --print
  fi
  firewall_probes
  # Owners (-p) cost a scan of every process's descriptors: only when a port of interest is
  # taken. No -H (old iproute2 lacks it): the header is kept, and tells "none" from "no answer".
  if have ss; then
    listening=$(ss -ltnu "$SS_FILTER" 2>&1)
    status=$?
    if on_calico_port "$listening"; then
      run_section root:ss-p ss -ltnup "$SS_FILTER"
    else
      print_section root:ss $status "$listening"
    fi
  elif have netstat; then
    listening=$(netstat -ltnu 2>&1 | calico_port_lines)
    status=$?
    if on_calico_port "$listening"; then
      section_begin root:netstat-p
      { netstat -ltnup 2>/dev/null || netstat -ltnu 2>&1; } | calico_port_lines
      section_end $? root:netstat-p
    else
      print_section root:netstat $status "$listening"
    fi
  fi
  # In the login shell the batch's /proc walk (main_jobs) found them; under sudo the walk is
  # repeated, since hidepid can hide other users' processes from the login user.
  if [ "$MODE" = root ]; then
    KUBE_PROCESSES=
    for dir in /proc/[0-9]*; do
      comm=
      read -r comm 2>/dev/null <"$dir/comm"
      case $comm in kubelet|kube-proxy) KUBE_PROCESSES="$KUBE_PROCESSES $dir" ;; esac
    done
  fi
  for dir in $KUBE_PROCESSES; do
    comm=
    read -r comm 2>/dev/null <"$dir/comm"
    case $comm in kube-proxy) kube_proxy_config "$dir" ;; esac
  done
  # Under sudo: what the login part left to root (DISCOVER).
  if [ "$MODE" = root ]; then root_kube_probes; fi
}

# root_jobs: under sudo, the root shell status and the files the login user may not read
# (some installs make CNI files 0600).
root_jobs() {
  job status root:status "/proc/$$/status"
  for path in $ROOT_FILES; do file_job "$path" root:f:; done
}

# kube_proxy_config /proc/PID: kube-proxy usually runs in a container, so its --config file
# is read through /proc/PID/root.
kube_proxy_config() {
  config_follows=
  for arg in $(tr "\000=" "  " <"$1/cmdline"); do
    if [ "$config_follows" = 1 ]; then file_section "$1/root$arg" root:kube-proxy-config; fi
    config_follows=
    case $arg in --config) config_follows=1 ;; esac
  done
}
