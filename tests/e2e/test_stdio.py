"""End-to-end: the built binary's stdio under input a client should never
send. Raw bytes, no client library: the server answers or ignores, logs to
stderr, and keeps serving; its exit code follows the protocol."""

import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("IRISLINT_BIN", str(ROOT / "target" / "debug" / "irislint"))


def frame(body) -> bytes:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


def read_frame(stream) -> dict:
    length = 0
    while True:
        line = stream.readline()
        assert line, "the server closed its output"
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return json.loads(stream.read(length))


def parse(out: bytes) -> list:
    responses = []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        length = int(head.split(b":")[1])
        responses.append(json.loads(rest[:length]))
        out = rest[length:]
    return responses


def run(messages: list, wait_for=None, timeout: float = 30) -> tuple[list, str, int]:
    """Sends `initialize` and waits for its answer, as a client must; sends the
    frames; waits for the answer to request `wait_for` if given; then shuts
    the server down (if `wait_for`) and closes stdin. Returns (responses,
    stderr, exit code)."""
    proc = subprocess.Popen([BIN, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(frame(INIT))
    proc.stdin.flush()
    responses = [read_frame(proc.stdout)]
    proc.stdin.write(b"".join(messages))
    proc.stdin.flush()
    rest = b""
    if wait_for is not None:
        for expected, then in [(wait_for, SHUTDOWN), (SHUTDOWN["id"], None)]:
            while responses[-1].get("id") != expected or "method" in responses[-1]:
                responses.append(read_frame(proc.stdout))
            if then is not None:
                proc.stdin.write(frame(then))
                proc.stdin.flush()
        rest = frame(EXIT)
    # Not communicate(): it would bypass what read_frame left in the buffer.
    proc.stdin.write(rest)
    proc.stdin.close()
    out = proc.stdout.read()
    err = proc.stderr.read()
    code = proc.wait(timeout=timeout)
    return responses + parse(out), err.decode(errors="replace"), code


INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "initialized", "params": {}}
SHUTDOWN = {"jsonrpc": "2.0", "id": 99, "method": "shutdown"}
EXIT = {"jsonrpc": "2.0", "method": "exit"}


def test_garbage_is_answered_and_the_server_keeps_serving():
    uri = "file:///nowhere/merge.cpf"
    messages = [
        frame(INITIALIZED),
        frame(b'{"jsonrpc": "2.0", "id": 2, "method": '),  # malformed JSON
        frame(b"[1, 2, 3]"),  # JSON, but no JSON-RPC message
        b"Content-Type: text/plain\r\n\r\n",  # a header without a length
        frame({"jsonrpc": "2.0", "id": 3, "method": "irislint/noSuchMethod"}),
        frame({"jsonrpc": "2.0", "method": "textDocument/didChange",
               "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "x"}]}}),
        frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
               "params": {"textDocument": {"uri": uri, "languageId": "cpf", "version": 1,
                                            "text": "[Startup]\nWebServer=1\n\u0000\u0001binary"}}}),
        frame({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover",
               "params": {"textDocument": {"uri": uri}, "position": {"line": 999, "character": 0}}}),
    ]
    responses, stderr, code = run(messages, wait_for=4)
    by_id = {json.dumps(r.get("id")): r for r in responses if "id" in r and "method" not in r}
    errors = [r["error"]["code"] for r in responses if r.get("id") is None and "error" in r]
    assert -32700 in errors and -32600 in errors, responses
    assert by_id["3"]["error"]["code"] == -32601
    assert by_id["4"]["error"]["code"] == -32602
    assert "result" in by_id["99"], "still serving after all of it"
    assert code == 0, stderr
    for needle in ["malformed JSON", "not open", "binary", "outside"]:
        assert needle in stderr, (needle, stderr)


def test_exit_without_shutdown_exits_1():
    _, _, code = run([frame(INITIALIZED), frame(EXIT)])
    assert code == 1


def test_end_of_input_ends_the_server():
    responses, _, code = run([])
    assert responses[0]["id"] == 1 and "capabilities" in responses[0]["result"]
    assert code == 1
