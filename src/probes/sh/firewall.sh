# shellcheck shell=sh
# The firewall as the kernel holds it (root only): the rules of each iptables backend, legacy
# and nf_tables (both filter every packet, and Felix sees only the one it picked), the
# nftables tables iptables does not show (firewalld's, hand-written ones), and which backend
# the `iptables` command runs. A backend's tools run only when the kernel shows its tables, so
# no probe loads a module or starts a process for nothing: legacy tables are listed in
# /proc/net/ip_tables_names; nf_tables is in use when its module is loaded (or, on a kernel
# without modules, may be).
# One sed (where there is one) keeps the output small: rules of Calico's (cali-) and
# Kubernetes' (KUBE-) chains are cut to their first words, which still counts them as Felix
# does, and the nftables view of iptables-nft's own tables is dropped (iptables-nft-save
# prints those; the parsers drop them too).

firewall_probes() {
  table_names /proc/net/ip_tables_names
  LEGACY4=$TABLE_NAMES
  table_names /proc/net/ip6_tables_names
  LEGACY6=$TABLE_NAMES
  NF_TABLES=unloaded
  NFT_IN_USE=
  if [ -r /proc/modules ]; then
    while read -r module _rest; do
      case $module in nf_tables) NF_TABLES=loaded; NFT_IN_USE=1 ;; esac
    done </proc/modules
  else
    NF_TABLES=no-module-list
    NFT_IN_USE=1
  fi
  backend_of iptables
  NFT_LISTING=
  NFT_STATUS=
  if [ -n "$NFT_IN_USE" ] && have nft; then
    NFT_LISTING=$(nft list ruleset 2>&1)
    NFT_STATUS=$?
  fi
  # iptables-nft keeps its rules in nftables tables of the ip and ip6 families: when nft lists
  # none and the kernel shows no legacy table (whose presence iptables-nft-save would warn
  # about), the save tools have nothing to print and the sed nothing to cut.
  NFT_IPTABLES_EMPTY=
  if [ -z "$LEGACY4$LEGACY6" ] && [ "$NFT_STATUS" = 0 ]; then
    case $NFT_LISTING in
      *"table ip "*|*"table ip6 "*) ;;
      *) NFT_IPTABLES_EMPTY=1 ;;
    esac
  fi
  section_begin root:firewall
  if [ -n "$NFT_IPTABLES_EMPTY" ]; then
    firewall_listing
  elif have sed; then
    firewall_listing | sed -e "s/^-A KUBE-.*/-A KUBE-/" -e "s/^-A cali-.*/-A cali-/" -e "/^table ip6* filter {/,/^}/d" -e "/^table ip6* nat {/,/^}/d" -e "/^table ip6* mangle {/,/^}/d" -e "/^table ip6* raw {/,/^}/d" -e "/^table ip6* security {/,/^}/d"
  else
    firewall_listing
  fi
  section_end 0 root:firewall
}

# firewall_listing: the section's text, before the sed that keeps it small.
firewall_listing() {
  printf "@state legacy4=%s legacy6=%s nf_tables=%s iptables=%s\n" "$LEGACY4" "$LEGACY6" "$NF_TABLES" "$BACKEND"
  save_rules iptables "$LEGACY4"
  save_rules ip6tables "$LEGACY6"
  if [ -n "$NFT_STATUS" ]; then
    echo "@nft"
    if [ -n "$NFT_LISTING" ]; then printf "%s\n" "$NFT_LISTING"; fi
    echo "rc=$NFT_STATUS"
  fi
}

# table_names FILE: sets TABLE_NAMES to the tables the file lists, comma-separated.
table_names() {
  TABLE_NAMES=
  if [ -r "$1" ]; then
    while read -r name _rest; do TABLE_NAMES=$TABLE_NAMES${TABLE_NAMES:+,}$name; done <"$1"
  fi
}

# backend_of COMMAND: sets BACKEND to the backend COMMAND runs: nft or legacy when it is (a
# link to) xtables-nft-multi or xtables-legacy-multi, legacy when neither exists (iptables
# before 1.8 had only the legacy one), empty when unknown.
backend_of() {
  BACKEND=
  path_of "$1"
  command_path=$PATH_OF
  path_of xtables-nft-multi
  nft_multi=$PATH_OF
  path_of xtables-legacy-multi
  legacy_multi=$PATH_OF
  # shellcheck disable=SC3013 # test -ef: in dash, bash, busybox and ksh; elsewhere false, so BACKEND stays empty
  if [ -z "$command_path" ]; then
    return
  elif [ -n "$nft_multi" ] && [ "$command_path" -ef "$nft_multi" ]; then
    BACKEND=nft
  elif [ -n "$legacy_multi" ] && [ "$command_path" -ef "$legacy_multi" ]; then
    BACKEND=legacy
  elif [ -n "$nft_multi$legacy_multi" ]; then
    BACKEND=
  else
    BACKEND=legacy
  fi
}


# save_rules FAMILY LEGACY_TABLES: each backend's save tool for FAMILY (iptables, ip6tables)
# where the kernel shows that backend's tables: FAMILY-nft-save / FAMILY-legacy-save, or
# FAMILY-save when that is the only name the backend has. "@none nft FAMILY" instead of running
# the nft one when nft listed no table it could print (NFT_IPTABLES_EMPTY).
save_rules() {
  nft_tool=
  legacy_tool=
  if have "$1-nft-save"; then nft_tool=$1-nft-save; fi
  if have "$1-legacy-save"; then legacy_tool=$1-legacy-save; fi
  if have "$1-save"; then
    backend_of "$1-save"
    case $BACKEND in
      nft) nft_tool=${nft_tool:-$1-save} ;;
      legacy) legacy_tool=${legacy_tool:-$1-save} ;;
    esac
  fi
  if [ -n "$2" ]; then run_save "$legacy_tool" legacy "$1"; fi
  if [ -n "$NFT_IPTABLES_EMPTY" ] && [ -n "$nft_tool" ]; then
    printf "@none nft %s\n" "$1"
  elif [ -n "$NFT_IN_USE" ]; then
    run_save "$nft_tool" nft "$1"
  fi
}

# run_save TOOL BACKEND FAMILY: the tool's output framed by "@save TOOL BACKEND FAMILY" and its
# exit status, or "@absent BACKEND FAMILY" when the host has no tool for it.
run_save() {
  if [ -z "$1" ]; then
    printf "@absent %s %s\n" "$2" "$3"
  else
    printf "@save %s %s %s\n" "$1" "$2" "$3"
    "$1" 2>&1
    echo "rc=$?"
  fi
}
