#!/usr/bin/env bash
# Optional: set up VS Code / Jupyter to open RecLab's notebooks with the .NET Interactive kernel.
#  1. installs (or updates) the .NET Interactive global tool and registers its Jupyter kernels (.net-csharp, ...);
#  2. packs the RecLab library into artifacts/packages, the local feed that each notebook's set-up cell names
#     (#i "nuget: ../artifacts/packages").
# .NET Interactive (Polyglot Notebooks) was deprecated upstream in 2026: it keeps working but gets no fixes.
# `reclab notebooks run` runs the same notebooks with no kernel at all and is the path that keeps working.
# Needs access to nuget.org (the kernel packages are not on every mirror) and, for step 1b, `jupyter` on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

if dotnet tool list -g | grep -qi "microsoft.dotnet-interactive"; then
  dotnet tool update -g Microsoft.dotnet-interactive
else
  dotnet tool install -g Microsoft.dotnet-interactive
fi
export PATH="$PATH:$HOME/.dotnet/tools"
if command -v jupyter >/dev/null 2>&1; then
  dotnet interactive jupyter install
else
  echo "jupyter not found: VS Code's Polyglot Notebooks extension works without it; for Jupyter, install it and rerun." >&2
fi

# Bump the version suffix when the library changes: kernels cache packages by id and version.
dotnet pack src/RecLab -c Release -o artifacts/packages
echo "RecLab packed into artifacts/packages; open notebooks/00-environment.ipynb and run the set-up cell." >&2
