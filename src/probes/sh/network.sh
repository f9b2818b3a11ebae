# shellcheck shell=sh
# Interfaces and listening sockets. IPv4 routes come from /proc/net/route (FILES), IPv6 routes
# from /proc/net/ipv6_route, read in the batch (main_jobs).

network_probes() {
  if have ip; then
    run_section ip-addr ip addr show
  fi
  # As root, root_probes asks for the listeners (with their owners when a port is taken).
  if [ "$LOGIN_UID" = 0 ] || [ "$BECOME" = none ]; then
    :
  elif have ss; then
    run_section ss ss -ltnu "$SS_FILTER"
  elif have netstat; then
    section_begin netstat
    netstat -ltnu 2>&1 | calico_port_lines
    section_end $? netstat
  fi
  if have ss || have netstat; then
    :
  else
    listeners_from_proc
  fi
}
