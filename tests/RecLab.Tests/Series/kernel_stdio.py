"""Submits cells, one after another in one session, to the .NET Interactive kernel tool over its stdio protocol, the way VS Code's Polyglot Notebooks
extension talks to it (`dotnet-interactive stdio`, JSON command and event envelopes, one per line), and prints a JSON
summary per cell of what came back: whether the command succeeded, the values returned and displayed (plain text
where the kernel gave one), and the errors.

usage: kernel_stdio.py CELL.cs [CELL.cs ...] --cwd DIR [--tool PATH] [--timeout S]
"""
import argparse
import json
import os
import subprocess
import sys
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cells", nargs="+")
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--tool", default=os.path.expanduser("~/.dotnet/tools/dotnet-interactive"))
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()

    kernel = subprocess.Popen([args.tool, "stdio", "--default-kernel", "csharp"], cwd=args.cwd, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    timer = threading.Timer(args.timeout, kernel.kill)
    timer.start()
    results = []
    for number, cell in enumerate(args.cells, 1):
        results.append(submit(kernel, open(cell).read(), f"reclab-stdio-{number}"))
        if not results[-1]["finished"]:
            break
    timer.cancel()
    kernel.kill()
    print(json.dumps(results))
    return 0 if len(results) == len(args.cells) and all(r["succeeded"] for r in results) else 1


def submit(kernel, code, token):
    """Sends one SubmitCode command and reads events until the command succeeds or fails."""
    envelope = {"commandType": "SubmitCode", "command": {"code": code, "targetKernelName": "csharp"}, "token": token}
    kernel.stdin.write(json.dumps(envelope) + "\n")
    kernel.stdin.flush()
    summary = {"succeeded": False, "finished": False, "values": [], "errors": []}
    for line in kernel.stdout:
        try:
            envelope = json.loads(line)
        except ValueError:
            continue
        kind = envelope.get("eventType")
        event = envelope.get("event", {})
        if kind in ("ReturnValueProduced", "DisplayedValueProduced"):
            values = {v.get("mimeType"): v.get("value", "") for v in event.get("formattedValues", [])}
            summary["values"].append(values.get("text/plain", values.get("text/html", "")))
        elif kind == "ErrorProduced":
            summary["errors"].append(event.get("message", ""))
        elif kind in ("CommandSucceeded", "CommandFailed") and envelope.get("command", {}).get("token") == token:
            summary["finished"] = True
            summary["succeeded"] = kind == "CommandSucceeded"
            if kind == "CommandFailed":
                summary["errors"].append(event.get("message", ""))
            break
    return summary


if __name__ == "__main__":
    sys.exit(main())
