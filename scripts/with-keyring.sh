#!/usr/bin/env bash
# Runs a command inside a private session D-Bus with an unlocked gnome-keyring (a real Secret
# Service), so keyring storage can be tested on a headless machine or in CI:
#   scripts/with-keyring.sh npx vitest run src/auth/secrets
# Needs Debian's dbus, gnome-keyring and libsecret-1-0 (apt-get install -y dbus gnome-keyring libsecret-1-0).
# The keyring lives in a throwaway directory, so the user's own keyring is never touched.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$0: $tool not found (install the dbus and gnome-keyring packages)" >&2
    exit 127
  fi
done

if [ -z "${ATL_KEYRING_SESSION:-}" ]; then
  exec env ATL_KEYRING_SESSION=1 dbus-run-session -- "$0" "$@"
fi

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/atl-keyring.XXXXXX")"
cleanup() {
  if [ -n "${daemon_pid:-}" ]; then kill "$daemon_pid" 2>/dev/null || true; fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT

# --unlock reads the new keyring's password from stdin and creates it unlocked; the daemon prints
# its environment (control socket), which we export for the command.
eval "$(printf 'atl-test-keyring' | XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')"
daemon_pid="${GNOME_KEYRING_PID:-}"
unset ATL_KEYRING
"$@"
