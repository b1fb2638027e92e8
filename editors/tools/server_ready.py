#!/usr/bin/env python3
"""Exit 0 when `BINARY server` answers an LSP initialize request, else 1.

The editor tests need the language server; this tells a missing or broken
server apart from a failing editor client. Usage: server_ready.py BINARY
"""
import json
import subprocess
import sys
import threading


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return json.loads(stream.read(length)) if length is not None else None


def main(binary):
    try:
        proc = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
    except OSError as e:
        print(f"server_ready: cannot run {binary}: {e}", file=sys.stderr)
        return 1
    timer = threading.Timer(10, proc.kill)  # a hung server counts as absent
    timer.start()
    try:
        proc.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                "params": {"processId": None, "rootUri": None, "capabilities": {}}}))
        proc.stdin.flush()
        while True:
            message = read_message(proc.stdout)
            if message is None:
                print("server_ready: no answer to initialize", file=sys.stderr)
                return 1
            if message.get("id") == 1:
                break
        ok = "capabilities" in (message.get("result") or {})
        proc.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        proc.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        proc.stdin.close()
        proc.wait(timeout=5)
        if not ok:
            print(f"server_ready: initialize answered {message}", file=sys.stderr)
        return 0 if ok else 1
    except (OSError, ValueError, subprocess.TimeoutExpired) as e:
        print(f"server_ready: {e}", file=sys.stderr)
        return 1
    finally:
        timer.cancel()
        proc.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
