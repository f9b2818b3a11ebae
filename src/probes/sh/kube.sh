# shellcheck shell=sh
# kubelet's version and the CNI configuration directory. kubelet's flag files, unit drop-ins,
# kube-proxy's config and the CNI files themselves are read as FILES.

kube_probes() {
  kubelet_path=
  if have kubelet; then kubelet_path=$(command -v kubelet); fi
  for path in /usr/bin/kubelet /usr/local/bin/kubelet; do
    if [ -z "$kubelet_path" ] && [ -x "$path" ]; then kubelet_path=$path; fi
  done
  if [ -n "$kubelet_path" ]; then
    run_section "kubelet-version:$kubelet_path" "$kubelet_path" --version
  fi
  section_begin cni-ls
  for path in /etc/cni/net.d/*; do
    if [ -e "$path" ]; then printf "%s\n" "$path"; fi
  done
  section_end 0 cni-ls
}
