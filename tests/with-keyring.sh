#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with gnome-keyring unlocked, as a desktop login
# leaves it: the real Secret Service that `remember_device` uses on Linux. The keyring's files go
# to a throwaway home so tests never touch the user's own keyring.
#   tests/with-keyring.sh <command> [args...]
set -euo pipefail
if [[ "${KEEPSAKE_IN_KEYRING_SESSION:-}" != 1 ]]; then
  export KEEPSAKE_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# Its output must not reach our caller's pipes: the daemon outlives this line.
printf 'keepsake-tests' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
"$@"
