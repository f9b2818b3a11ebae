# shellcheck shell=sh
# Listening sockets are asked for on the ports Calico binds only (PORT_LIST): a host may have
# thousands of others, and the owners (ss -p scans every process's file descriptors) only
# when one of them is taken.

# on_calico_port LINE: whether an ss or netstat line shows a socket on one of PORT_LIST
on_calico_port() {
  for port in $PORT_LIST; do
    case $1 in *":$port "*) return 0 ;; esac
  done
  return 1
}

# calico_port_lines: netstat output without the sockets of other ports (netstat has no filter)
calico_port_lines() {
  while IFS= read -r line; do
    case $line in
      tcp*|udp*) if on_calico_port "$line"; then printf "%s\n" "$line"; fi ;;
      *) printf "%s\n" "$line" ;;
    esac
  done
}

# listeners_from_proc: /proc/net/{tcp,udp}[6] rows on PORT_LIST, where neither ss nor netstat exists
listeners_from_proc() {
  for table in tcp tcp6 udp udp6; do
    if [ -r "/proc/net/$table" ]; then
      section_begin "listen:$table"
      while IFS=" :" read -r _slot local_address local_port _remote_address _remote_port state _rest; do
        case $table$state in
          tcp*0A|udp*07) case " $PORT_LIST " in *" $((0x$local_port)) "*) printf "%s:%s %s\n" "$local_address" "$local_port" "$state" ;; esac ;;
        esac
      done <"/proc/net/$table"
      section_end 0 "listen:$table"
    fi
  done
}
