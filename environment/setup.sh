#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages RecLab's tests and benchmarks use, only those that are missing.
# Idempotent; uses sudo when not run as root. The .NET SDK itself is expected on PATH (global.json pins it).
#   redis-server      shared per-user state for the multi-replica service (tests start their own on loopback)
#   nginx             load balancer in front of service replicas (tests start their own on loopback)
#   python3-scipy     reference implementation for the A/B statistics tests
#   python3-pandas    reference implementation of the course notebook's session analysis (--order course)
#   python3-torch     reference implementation (PyTorch) for model tests and speed comparisons
#   libopenblas0-openmp  an optimised BLAS for that PyTorch (Debian's default is the slow reference BLAS)
#   chromium          renders the HTML report headless to check that every chart draws
set -euo pipefail

packages=(redis-server nginx python3-scipy python3-pandas python3-torch libopenblas0-openmp chromium)

source "$(dirname "$0")/debian-packages.sh"
services_were_installed=$(dpkg-query -W -f='${Status}\n' redis-server nginx 2>/dev/null | grep -c "install ok installed" || true)
ensure_debian_packages environment/setup.sh "${packages[@]}"
[ "$services_were_installed" -eq 2 ] && exit 0
# Debian starts the services on install; RecLab's tests start their own instances on free loopback ports.
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
for service in redis-server nginx; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    $sudo systemctl stop "$service" || true
  fi
done
