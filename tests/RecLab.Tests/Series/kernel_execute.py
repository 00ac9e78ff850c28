"""Executes a notebook with Jupyter's own client (nbclient) and a named kernel, as `jupyter nbconvert --execute` does,
but with the kernel started in a folder of the caller's choice (the original notebook's folder, where its relative
paths and notebooks/nuget.config apply). Optionally runs one cell a second time right after its first run (what a
user does when re-running a cell), to check what a saved notebook holds then.

usage: kernel_execute.py IN.ipynb OUT.ipynb --cwd DIR [--kernel NAME] [--timeout S] [--rerun INDEX]
Exit code 0 when every cell ran without an error output, 1 otherwise (the executed notebook is written either way).
"""
import argparse
import sys
import time

import nbformat
from nbclient import NotebookClient


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--kernel", default=".net-csharp")
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--rerun", type=int, default=-1)
    args = parser.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    client = NotebookClient(nb, timeout=args.timeout, kernel_name=args.kernel, allow_errors=True,
                            resources={"metadata": {"path": args.cwd}})
    started = time.monotonic()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            if index == args.rerun:
                client.execute_cell(cell, index)
    nbformat.write(nb, args.output)
    errors = [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.output_type == "error"]
    for index, output in errors:
        print(f"cell {index + 1}: {output.ename}: {output.evalue}", file=sys.stderr)
    print(f"executed in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
