# shellcheck shell=sh
# kubelet, wherever it is: the running kubelet's binary (/proc/PID/exe, which only root may
# follow for another user's process), PATH, then KUBELET_PATHS (Flatcar /opt/bin, RKE2, k3s,
# whose one binary runs the kubelet inside it). Its version, the CNI configuration directory,
# and the KEY_LINES files: kubelet's kubeconfig names the API server, which is connected to
# when the plan names no datastore endpoint. Flag files, drop-ins and CNI files are FILES.
# What the login user cannot do goes to the root part through DISCOVER (main.sh).

# running_kubelet: RUNNING_KUBELET_DIR (/proc/PID of a running kubelet) and RUNNING_KUBELET,
# its binary, when this shell may follow /proc/PID/exe. A kubelet started by a wrapper script
# shows the interpreter there, which is no kubelet.
running_kubelet() {
  RUNNING_KUBELET_DIR=
  RUNNING_KUBELET=
  for dir in $KUBE_PROCESSES; do
    comm=
    read -r comm 2>/dev/null <"$dir/comm"
    case $comm in kubelet) RUNNING_KUBELET_DIR=$dir ;; esac
  done
  if [ -n "$RUNNING_KUBELET_DIR" ] && [ -e "$RUNNING_KUBELET_DIR/exe" ] && have readlink; then
    RUNNING_KUBELET=$(readlink "$RUNNING_KUBELET_DIR/exe")
    RUNNING_KUBELET=${RUNNING_KUBELET% (deleted)}
    case $RUNNING_KUBELET in */kubelet) ;; *) RUNNING_KUBELET= ;; esac
  fi
}

kube_probes() {
  DISCOVER=
  running_kubelet
  kubelet_path=$RUNNING_KUBELET
  if [ -n "$RUNNING_KUBELET" ]; then print_section kubelet-exe 0 "$RUNNING_KUBELET"; fi
  if [ -z "$kubelet_path" ]; then path_of kubelet; kubelet_path=$PATH_OF; fi
  for path in $KUBELET_PATHS; do
    if [ -z "$kubelet_path" ] && [ -x "$path" ]; then kubelet_path=$path; fi
  done
  if [ -z "$kubelet_path" ]; then path_of k3s; kubelet_path=$PATH_OF; fi
  if [ -n "$kubelet_path" ]; then
    run_section "kubelet-version:$kubelet_path" "$kubelet_path" --version
  elif [ -n "$RUNNING_KUBELET_DIR" ]; then
    DISCOVER=kubelet
  fi
  section_begin cni-ls
  for path in /etc/cni/net.d/*; do
    if [ -e "$path" ]; then printf "%s\n" "$path"; fi
  done
  section_end 0 cni-ls
  datastore_planned=
  case " $TARGETS" in *" datastore,"*) datastore_planned=1 ;; esac
  for item in $KEY_LINES; do
    key_lines "${item%%=*}" "${item#*=}" "lines:${item%%=*}"
    if [ "${item#*=}" = server: ] && [ -z "$datastore_planned" ]; then
      if [ -n "$KEY_LINE" ]; then connect_kubeconfig_server "$KEY_LINE"; fi
      if [ -n "$KEY_DENIED" ]; then DISCOVER="$DISCOVER,apiserver"; fi
    fi
  done
}

# root_kube_probes: under sudo, the kubelet binary and the KEY_LINES files the login user could
# not read, and the connect to the API server the kubeconfig names (DISCOVER says which).
root_kube_probes() {
  case ,$DISCOVER, in
    *,kubelet,*) running_kubelet; if [ -n "$RUNNING_KUBELET" ]; then run_section "root:kubelet-version:$RUNNING_KUBELET" "$RUNNING_KUBELET" --version; fi ;;
  esac
  for item in $KEY_LINES; do
    key_lines "${item%%=*}" "${item#*=}" "root:lines:${item%%=*}"
    case ${item#*=},$DISCOVER, in
      server:,*,apiserver,*) if [ -n "$KEY_LINE" ]; then connect_kubeconfig_server "$KEY_LINE"; fi ;;
    esac
  done
}
