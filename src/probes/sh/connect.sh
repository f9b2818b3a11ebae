# shellcheck shell=sh
# TCP connects from the host to its peers' BGP port and to the datastore (TARGETS: words
# purpose,address,port,encoded-target). They run while the other probes do and their
# sections are printed last. An address starting with "-" was not a plain host name or IP
# address: it is reported, never handed to a tool.

# connect_section TARGET STATUS MESSAGE: one section in one printf, so parallel writers
# never interleave.
connect_section() {
  printf "%s begin c:%s\n%s\n\n%s end %s c:%s\n" "$NONCE" "$1" "$3" "$NONCE" "$2" "$1"
}

# All targets from ONE timeout and ONE bash: a subshell per target connects through
# /dev/tcp (a fork, no exec) and prints "STATUS TARGET MESSAGE" on one line.
connect_all() {
  if have timeout && have bash; then
    # shellcheck disable=SC2086 # TARGETS is a list of words without spaces
    timeout 2 bash -c "set -f; for t; do (IFS=,; set -- \$t; case \$2 in -*) exit;; esac; m=\$(exec 2>&1 3<>/dev/tcp/\$2/\$3); r=\$?; unset IFS; set -- \$m; printf \"%s %s %s\n\" \$r \$t \"\$*\") & done; wait" bash $TARGETS | connect_answers
  else
    for target in $TARGETS; do connect_with_nc "$target" & done
    wait
  fi
}

# connect_answers: sections for the lines of the one bash; a target without a line had no
# answer before the deadline (timeout killed it: 124), or was never tried (not plain).
connect_answers() {
  answered=
  while read -r status target message; do
    answered="$answered $target "
    connect_section "$target" "$status" "bash /dev/tcp: $message"
  done
  for target in $TARGETS; do
    case $answered in
      *" $target "*) ;;
      *) plain_target "$target" && connect_section "$target" 124 "bash /dev/tcp: " ;;
    esac
  done
}

# plain_target TARGET: whether the address can go to a tool; prints the error section when not
plain_target() {
  case $1 in
    peer,-*|datastore,-*) connect_section "$1" 255 "not a plain host name or IP address"; return 1 ;;
  esac
}

# connect_with_nc TARGET: one connect through nc, where bash or timeout is missing
connect_with_nc() {
  plain_target "$1" || return 0
  nc_target=$1
  IFS=,
  # shellcheck disable=SC2086 # the target's fields are separated by commas
  set -- $1
  unset IFS
  if have nc; then
    message=$(nc -v -z -w 2 "$2" "$3" 2>&1 </dev/null)
    status=$?
    message="nc -v -z -w 2: $message"
    # busybox nc has neither -v nor -z: a plain connect with nothing to send does the same
    case $message in
      *"invalid option"*|*"nrecognized option"*|*"sage:"*) message=$(nc -w 2 "$2" "$3" 2>&1 </dev/null); status=$?; message="nc -w 2: $message" ;;
    esac
  else
    status=127
    message="no way to test a TCP connect: install bash and coreutils timeout, or nc"
  fi
  connect_section "$nc_target" "$status" "$message"
}

# connect_kubeconfig_server LINE: one connect to the server of a kubeconfig line
# "server: https://HOST:PORT" (the port defaults to 443), as target "kubeconfig,HOST,PORT,HOST:PORT".
# The address comes from a file rather than the plan, so it reaches a tool only when it is a
# plain host name or IP address, as the planner demands of planned targets.
connect_kubeconfig_server() {
  not=$(printf "\041")
  quote=$(printf "\047")
  set -f
  IFS=" \"$quote"
  # shellcheck disable=SC2086 # splitting drops the blanks and quotes around the URL
  set -- ${1#*server:}
  unset IFS
  set +f
  hostport=${1#*://}
  hostport=${hostport%%/*}
  case $hostport in
    \[*\]:*) address=${hostport%%\]*}; address=${address#\[}; port=${hostport##*\]:} ;;
    \[*\]) address=${hostport#\[}; address=${address%\]}; port=443 ;;
    *:*:*) address=$hostport; port=443 ;;
    *:*) address=${hostport%:*}; port=${hostport##*:} ;;
    *) address=$hostport; port=443 ;;
  esac
  case $address in
    ""|-*|*[${not}A-Za-z0-9._:-]*) connect_section "kubeconfig,-,0,kubeconfig" 255 "not a plain host name or IP address"; return 0 ;;
  esac
  case $port in
    ""|??????*|*[${not}0-9]*) connect_section "kubeconfig,-,0,kubeconfig" 255 "not a TCP port"; return 0 ;;
  esac
  if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then connect_section "kubeconfig,-,0,kubeconfig" 255 "not a TCP port"; return 0; fi
  planned_targets=$TARGETS
  TARGETS=kubeconfig,$address,$port,$address:$port
  connect_all
  TARGETS=$planned_targets
}
