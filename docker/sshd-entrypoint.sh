#!/bin/sh
# Starts sshd for the demo fleet: fresh host keys per container, the login user's authorized
# key from DEMO_AUTHORIZED_KEY, key logins only. Options go on the command line because
# Ubuntu 16.04's OpenSSH 7.2 predates sshd_config `Include`.
set -eu
: "${DEMO_USER:?DEMO_USER is not set}"
: "${DEMO_AUTHORIZED_KEY:?DEMO_AUTHORIZED_KEY is not set}"

ssh-keygen -A >/dev/null
mkdir -p /run/sshd /var/run/sshd
home=$(getent passwd "$DEMO_USER" | cut -d: -f6)
install -d -m 700 -o "$DEMO_USER" -g "$DEMO_USER" "$home/.ssh"
printf '%s\n' "$DEMO_AUTHORIZED_KEY" >"$home/.ssh/authorized_keys"
chown "$DEMO_USER:$DEMO_USER" "$home/.ssh/authorized_keys"
chmod 600 "$home/.ssh/authorized_keys"

# UsePAM no: PAM's loginuid module fails in unprivileged containers. The account's password
# field is '*' (no password, not locked), which sshd accepts for key logins without PAM.
exec /usr/sbin/sshd -D -e \
  -o UsePAM=no \
  -o PasswordAuthentication=no \
  -o PermitRootLogin=no \
  -o "AllowUsers=$DEMO_USER" \
  "$@"
