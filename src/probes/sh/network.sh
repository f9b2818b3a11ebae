# shellcheck shell=sh
# Interfaces, IPv6 routes and listening sockets. IPv4 routes come from /proc/net/route (FILES).

network_probes() {
  if have ip; then
    run_section ip-addr ip addr show
  fi
  # local (RTF_LOCAL), loopback and multicast routes say nothing about networks: left here.
  if [ -r /proc/net/ipv6_route ]; then
    section_begin routes6
    while read -r destination prefix source source_prefix next_hop metric refcount use flags device; do
      case $device:$flags:$destination in
        lo:*|*:8???????:*|*:*:ff*) ;;
        *) printf "%s %s %s %s %s %s %s %s %s %s\n" "$destination" "$prefix" "$source" "$source_prefix" "$next_hop" "$metric" "$refcount" "$use" "$flags" "$device" ;;
      esac
    done </proc/net/ipv6_route
    section_end 0 routes6
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
