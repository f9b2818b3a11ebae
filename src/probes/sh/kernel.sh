# shellcheck shell=sh
# Kernel evidence: loaded modules, the module files and the config of the running kernel
# (filtered on the host down to the items asked for, MODULE_PATTERN and CONFIG_PATTERN, so a
# few hundred bytes travel instead of megabytes), sysctls, and the BPF filesystem mount. The
# files and sysctls are read in the batch (batch.sh): kernel_jobs says which.

# kernel_probes: lsmod where the kernel has no /proc/modules (a stand-in may answer); the rest
# is in the batch.
kernel_probes() {
  if [ -r /proc/modules ]; then
    :
  elif have lsmod; then
    run_section lsmod lsmod
  fi
}

# find_kernel_config: KERNEL_CONFIG, the running kernel's config file, if one is readable.
find_kernel_config() {
  KERNEL_CONFIG=
  for path in "/boot/config-$UNAME_RELEASE" "/boot/config-$PROC_RELEASE" /proc/config.gz "/lib/modules/$UNAME_RELEASE/build/.config" "/lib/modules/$PROC_RELEASE/build/.config" "/usr/src/linux-$PROC_RELEASE/.config"; do
    if [ -r "$path" ]; then KERNEL_CONFIG=$path; break; fi
  done
}

# kernel_jobs: the kernel's jobs for the batch. The config comes last: a .gz one is
# decompressed into the batch's input after the job lines.
kernel_jobs() {
  if [ -r /proc/modules ]; then job loaded modules /proc/modules; fi
  if [ -r /proc/mounts ]; then job bpf bpf-mounts /proc/mounts; fi
  for release in "$UNAME_RELEASE" "$PROC_RELEASE"; do
    if [ -d "/lib/modules/$release" ]; then
      job modules "moddir:/lib/modules/$release" "/lib/modules/$release"
      break
    fi
  done
  # Only sysctl files that exist are named (the conntrack ones appear once nf_conntrack is loaded).
  sysctl_files=
  for key in $SYSCTLS; do
    if [ -r "/proc/sys/$key" ]; then sysctl_files="$sysctl_files $key"; fi
  done
  job sysctl sysctl "$sysctl_files"
  if [ -n "$KERNEL_CONFIG" ]; then job kconfig "kconfig:$KERNEL_CONFIG" "$KERNEL_CONFIG"; fi
}
