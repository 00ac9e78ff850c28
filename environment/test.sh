#!/usr/bin/env bash
# The test command (README): installs the system packages the tests use, then builds and runs every test,
# notebooks included (each notebook of the series runs headless on small parameters).
set -euo pipefail
cd "$(dirname "$0")/.."
bash environment/setup.sh
# Jupyter, the .NET Interactive kernel and the packed library: the series also runs in the real kernel.
bash environment/install-kernel.sh
dotnet test RecLab.slnx -c Release "$@"
