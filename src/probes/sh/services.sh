# shellcheck shell=sh
# Which services run: systemctl when systemd answers; the unit files and init scripts that
# exist (to tell "not installed" from "cannot tell"); and the command lines of kubelet,
# kube-proxy and k3s, which the batch's one walk of /proc found (with the daemons in PROCESSES).

service_probes() {
  if have systemctl; then
    # shellcheck disable=SC2086 # UNITS is a list of words
    run_section systemctl systemctl is-active $UNITS
  fi
  section_begin units
  for unit in $UNITS; do
    for dir in /etc/systemd/system /run/systemd/system /usr/lib/systemd/system /lib/systemd/system; do
      if [ -e "$dir/$unit.service" ]; then printf "unit %s %s\n" "$unit" "$dir/$unit.service"; fi
    done
    for wanted_by in /etc/systemd/system/*.wants/"$unit".service; do
      if [ -e "$wanted_by" ]; then printf "enabled %s %s\n" "$unit" "$wanted_by"; fi
    done
    if [ -e "/etc/init.d/$unit" ]; then printf "initd %s /etc/init.d/%s\n" "$unit" "$unit"; fi
  done
  if [ -d /run/systemd/system ]; then printf "systemd-booted\n"; fi
  section_end 0 units
  # The process list was read in the batch (main_jobs), which set KUBE_PROCESSES.
  for dir in $KUBE_PROCESSES; do
    comm=
    read -r comm 2>/dev/null <"$dir/comm"
    section_begin "cmdline:$comm"
    cat "$dir/cmdline" 2>&1
    section_end $? "cmdline:$comm"
  done
}

# NetworkManager's own view of its merged configuration (its files are read as FILES too,
# for versions without --print-config).
networkmanager_probes() {
  if have NetworkManager; then
    run_section nm-print-config NetworkManager --print-config
  elif [ -x /usr/sbin/NetworkManager ]; then
    run_section nm-print-config /usr/sbin/NetworkManager --print-config
  fi
}
