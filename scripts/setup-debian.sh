#!/usr/bin/env bash
# Installs the system packages calico-preflight's test suite and benchmark use on Debian/Ubuntu:
# real OpenSSH sshd for the loopback test fleet, ansible and pssh to compare against, and the
# tools the namespaced test hosts need. Run as root (or with sudo).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
# packages
  time
  busybox dash strace zsh fish tcsh shellcheck nftables
  chromium libxml2-utils poppler-utils fonts-dejavu-core
  docker-compose
  openssh-server openssh-client sudo procps iproute2 iptables libcap2-bin netcat-openbsd
  ansible pssh shellcheck
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
mkdir -p /run/sshd
