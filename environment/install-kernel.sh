#!/usr/bin/env bash
# Sets this machine up to open RecLab's notebooks with the .NET Interactive kernel (.net-csharp), in Jupyter and in
# VS Code, using only the configured registries (Debian packages, NuGet). Idempotent; the test command runs it too.
#  1. Jupyter from Debian packages (the notebook client and nbconvert that the kernel test drives);
#  2. the .NET Interactive tool, pinned to the version the NuGet registry serves;
#  3. its Jupyter kernels, with kernelspecs that name the tool and dotnet by absolute path, so that Jupyter finds
#     them whatever PATH it was started with;
#  4. the RecLab library packed into artifacts/packages with a version that is new on every pack: notebooks/nuget.config
#     names that folder and each set-up cell asks for the newest RecLab (#r "nuget: RecLab, *-*"), so a kernel
#     started after a re-pack gets the new library (a kernel that already loaded RecLab keeps it until restarted).
# .NET Interactive was deprecated upstream in 2026: it keeps working but gets no fixes. `reclab notebooks run` runs the
# same notebooks with no kernel at all.
# Options: --no-pack  skip step 4;  --pack-only  only step 4;  --ui  also install Jupyter's browser UI (jupyter-notebook).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
me="environment/install-kernel.sh"
tool_id="Microsoft.dotnet-interactive"
tool_version="1.0.712001"
jupyter_packages=(jupyter-core jupyter-client jupyter-nbconvert python3-nbconvert python3-nbclient python3-ipykernel)

fail() { echo "$me: $*" >&2; exit 1; }

steps="all"
for arg in "$@"; do
  case "$arg" in
    --no-pack) steps="kernel" ;;
    --pack-only) steps="pack" ;;
    --ui) jupyter_packages+=(jupyter-notebook) ;;
    *) fail "unknown option '$arg' (expected --no-pack, --pack-only or --ui)" ;;
  esac
done

dotnet_path="$(command -v dotnet || true)"
[ -n "$dotnet_path" ] || fail "dotnet not found on PATH: install the .NET 10 SDK (global.json pins the version)."
dotnet_root="$(dirname "$(readlink -f "$dotnet_path")")"

install_kernel() {
  source environment/debian-packages.sh
  ensure_debian_packages "$me" "${jupyter_packages[@]}" || fail "Jupyter is needed to register the kernels."
  # Debian's Python packages belong to Debian's python3; another jupyter earlier on PATH would not see them.
  local jupyter=/usr/bin/jupyter
  [ -x "$jupyter" ] || fail "$jupyter missing after installing ${jupyter_packages[*]}."

  local tools="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
  local tool="$tools/dotnet-interactive"
  local installed
  installed="$(dotnet tool list -g | awk -v id="$(echo "$tool_id" | tr 'A-Z' 'a-z')" 'tolower($1) == id { print $2 }')"
  if [ "$installed" != "$tool_version" ]; then
    [ -z "$installed" ] || dotnet tool uninstall -g "$tool_id" >/dev/null
    dotnet tool install -g "$tool_id" --version "$tool_version" >/dev/null \
      || fail "could not install $tool_id $tool_version from the configured NuGet sources (dotnet nuget list source)."
  fi
  [ -x "$tool" ] || fail "$tool missing after 'dotnet tool install -g $tool_id'."

  PATH="$dotnet_root:$tools:/usr/bin:$PATH" "$tool" jupyter install >/dev/null \
    || fail "'dotnet-interactive jupyter install' failed to register the kernels."
  # The kernelspecs it writes start "dotnet interactive": that needs both on Jupyter's PATH. Name them absolutely.
  local data_dir
  data_dir="$("$jupyter" --data-dir)"
  /usr/bin/python3 - "$data_dir/kernels" "$tool" "$dotnet_root" <<'PY' || fail "could not rewrite the .NET kernelspecs."
import json, pathlib, sys
kernels, tool, dotnet_root = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
specs = [p for p in kernels.glob(".net-*/kernel.json")]
if not specs:
    sys.exit(f"no .net-* kernelspec under {kernels}")
for path in specs:
    spec = json.loads(path.read_text())
    argv = spec["argv"]
    if argv[:2] == ["dotnet", "interactive"]:
        argv = [tool] + argv[2:]
    spec["argv"] = argv
    spec["env"] = {**spec.get("env", {}), "DOTNET_ROOT": dotnet_root,
                   "PATH": f"{dotnet_root}:{pathlib.Path(tool).parent}:${{PATH}}"}
    path.write_text(json.dumps(spec, indent=1) + "\n")
PY
  "$jupyter" kernelspec list | grep -q -- " .net-csharp " || "$jupyter" kernelspec list | grep -q "\.net-csharp" \
    || fail "the .net-csharp kernel is not registered with Jupyter ($jupyter kernelspec list)."
  echo "$me: kernel .net-csharp registered ($tool_id $tool_version, $tool)." >&2
}

pack_library() {
  # A version that sorts above every earlier pack (0.1.0-local-YYYYMMDDHHMMSS) and is a prerelease, like the
  # .NET Interactive formatting package RecLab depends on (a stable package may not depend on a prerelease: NU5104).
  local version="0.1.0-local-$(date -u +%Y%m%d%H%M%S)"
  mkdir -p artifacts/packages
  # Built in its own folders, so that packing does not rebuild the hosts' and tests' copy of the library.
  dotnet pack src/RecLab -c Release -o artifacts/packages -p:Version="$version" \
    -p:OutputPath="$root/artifacts/pack/bin/" -p:IntermediateOutputPath="$root/artifacts/pack/obj/" >/dev/null \
    || fail "dotnet pack src/RecLab failed; run it by hand to see why: dotnet pack src/RecLab -c Release -o artifacts/packages -p:Version=$version"
  [ -f "artifacts/packages/RecLab.$version.nupkg" ] || fail "artifacts/packages/RecLab.$version.nupkg was not written."
  echo "$me: RecLab $version packed into artifacts/packages (named by notebooks/nuget.config)." >&2
  echo "$me: restart any open kernel, then run a notebook's set-up cell to load it." >&2
}

case "$steps" in
  all) install_kernel; pack_library ;;
  kernel) install_kernel ;;
  pack) pack_library ;;
esac
