# shellcheck shell=sh
# Kernel evidence: loaded modules, the module files and the config of the running kernel
# (filtered on the host down to the items asked for, MODULE_PATTERN and CONFIG_PATTERN, so a
# few hundred bytes travel instead of megabytes), sysctls, and the BPF filesystem mount.

kernel_probes() {
  if [ -r /proc/modules ]; then
    section_begin modules
    while read -r module _rest; do printf "%s\n" "$module"; done </proc/modules
    section_end 0 modules
  elif have lsmod; then
    run_section lsmod lsmod
  fi
  for release in "$UNAME_RELEASE" "$PROC_RELEASE"; do
    if [ -d "/lib/modules/$release" ]; then
      section_begin "moddir:/lib/modules/$release"
      grep -oE "$MODULE_PATTERN" "/lib/modules/$release/modules.builtin" "/lib/modules/$release/modules.dep" 2>&1
      section_end $? "moddir:/lib/modules/$release"
      break
    fi
  done
  kernel_config=
  for path in "/boot/config-$UNAME_RELEASE" "/boot/config-$PROC_RELEASE" /proc/config.gz "/lib/modules/$UNAME_RELEASE/build/.config" "/lib/modules/$PROC_RELEASE/build/.config" "/usr/src/linux-$PROC_RELEASE/.config"; do
    if [ -r "$path" ]; then kernel_config=$path; break; fi
  done
  if [ -n "$kernel_config" ]; then
    section_begin "kconfig:$kernel_config"
    case $kernel_config in
      *.gz) gzip -dc "$kernel_config" 2>&1 | grep -E "$CONFIG_PATTERN" ;;
      *) grep -E "$CONFIG_PATTERN" "$kernel_config" ;;
    esac
    section_end $? "kconfig:$kernel_config"
  fi
  # One grep reads every sysctl asked for, whole: an integer sysctl file answers only the
  # first read(2), and dash's read takes one byte at a time. Only files that exist are named
  # (the conntrack ones appear once nf_conntrack is loaded), so none means no process.
  sysctl_files=
  for key in $SYSCTLS; do
    if [ -r "/proc/sys/$key" ]; then sysctl_files="$sysctl_files $key"; fi
  done
  section_begin sysctl
  if [ -n "$sysctl_files" ]; then
    # shellcheck disable=SC2086 # a list of words without spaces
    (cd /proc/sys && grep -H . $sysctl_files 2>&1)
  fi
  section_end $? sysctl
  if [ -r /proc/mounts ]; then
    section_begin bpf-mounts
    while read -r _device mount_point fs_type _rest; do
      case $fs_type in bpf) printf "%s %s\n" "$mount_point" "$fs_type" ;; esac
    done </proc/mounts
    section_end 0 bpf-mounts
  fi
}
