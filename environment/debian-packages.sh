#!/usr/bin/env bash
# Sourced by environment/setup.sh and environment/install-kernel.sh: one way to install Debian/Ubuntu packages.
# ensure_debian_packages CALLER PACKAGE...  installs those of PACKAGE... that are missing (apt-get, with sudo when not
# root) and returns non-zero with a message naming CALLER and the packages when that is not possible.

ensure_debian_packages() {
  local caller="$1"; shift
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$caller: apt-get not found; install these packages by hand: ${missing[*]}" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "$caller: not root and no sudo; install these packages as root: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  echo "$caller: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null || { echo "$caller: apt-get update failed (is a Debian mirror reachable?)" >&2; return 1; }
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "$caller: apt-get install ${missing[*]} failed" >&2; return 1; }
}
