#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages RecLab's tests and benchmarks use, only those that are missing.
# Idempotent; uses sudo when not run as root. The .NET SDK itself is expected on PATH (global.json pins it).
#   redis-server      shared per-user state for the multi-replica service (tests start their own on loopback)
#   nginx             load balancer in front of service replicas (tests start their own on loopback)
#   python3-scipy     reference implementation for the A/B statistics tests
#   python3-torch     reference implementation (PyTorch) for model tests and speed comparisons
#   libopenblas0-openmp  an optimised BLAS for that PyTorch (Debian's default is the slow reference BLAS)
#   chromium          renders the HTML report headless to check that every chart draws
set -euo pipefail

packages=(redis-server nginx python3-scipy python3-torch libopenblas0-openmp chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "environment/setup.sh: apt-get not found; install these packages by hand: ${missing[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "environment/setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the services on install; RecLab's tests start their own instances on free loopback ports.
for service in redis-server nginx; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    $sudo systemctl stop "$service" || true
  fi
done
