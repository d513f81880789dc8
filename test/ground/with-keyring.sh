#!/usr/bin/env bash
# Runs a command under a private D-Bus session with its own unlocked gnome-keyring, so tests
# store and read real secrets through the Secret Service and never touch a user's keyring.
# Elsewhere than Linux (macOS Keychain, Windows Credential Manager) the command runs as is.
set -euo pipefail

if [ "$(uname -s)" != "Linux" ] || [ -n "${GITOPS_DESK_TEST_KEYRING:-}" ]; then
  exec "$@"
fi
if [ "${1:-}" != "--inside-session" ]; then
  command -v dbus-run-session >/dev/null || { echo "with-keyring: dbus-run-session missing (apt-get install dbus)" >&2; exit 2; }
  command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring: gnome-keyring-daemon missing (apt-get install gnome-keyring)" >&2; exit 2; }
  exec dbus-run-session -- bash "$0" --inside-session "$@"
fi
shift

home=$(mktemp -d -t gitops-desk-keyring.XXXXXX)
export XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# A throwaway login keyring, created and unlocked with a throwaway password.
eval "$(printf 'gitops-desk-test' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL GITOPS_DESK_TEST_KEYRING=1
cleanup() {
  # Stop only our own daemon (another test run may have one too): the one with our runtime dir.
  for pid in $(pgrep -u "$(id -u)" gnome-keyring-d 2>/dev/null); do
    if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"; then kill "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$home"
}
trap cleanup EXIT
"$@"
