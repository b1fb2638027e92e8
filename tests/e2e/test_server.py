"""End-to-end: the built `irislint server` driven by pytest-lsp (pygls), an
LSP client independent of the server's own code, with the capabilities of
real editors. Run by scripts/e2e.sh."""

import asyncio
import os
import pathlib
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("IRISLINT_BIN", str(ROOT / "target" / "debug" / "irislint"))

INSECURE_MERGE = """\
# Merge file applied when the container starts.
[Startup]
WebServer=1

[Actions]
# Café € 𝄞: non-ASCII before findings on the same line.
ModifyService:Name=%Service_Telnet,Description="Café € 𝄞",Enabled=1,AutheEnabled=64
CreateApplication:Name=/api/café,NameSpace=USER,AutheEnabled=96,MatchRoles=:%All
"""

# Editors whose recorded capabilities pytest-lsp ships: UTF-16 with pushed
# diagnostics, UTF-8 with pulled diagnostics, UTF-8 offered among others.
CLIENTS = ["visual-studio-code@v1.65.2", "neovim@v0.11.0", "emacs@v29.1"]


def record_diagnostics(client: LanguageClient, params: types.PublishDiagnosticsParams):
    """Keeps pushed diagnostics with the document version they are for."""
    client.diagnostics[params.uri] = params.diagnostics
    client.diagnostics_version[params.uri] = params.version


def accept_registration(client: LanguageClient, params: types.RegistrationParams):
    client.registrations = [r.method for r in params.registrations]


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.diagnostics_version = {}
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record_diagnostics
    # The server registers a watcher for irislint.toml, as editors allow.
    features[types.CLIENT_REGISTER_CAPABILITY] = accept_registration
    register_lsp_features(client, features)
    return client


@pytest_lsp.fixture(
    params=CLIENTS,
    config=ClientServerConfig(server_command=[BIN, "server"], client_factory=make_client),
)
async def client(request, lsp_client: LanguageClient):
    caps = pytest_lsp.client_capabilities(request.param)
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=caps))
    lsp_client.encoding = result.capabilities.position_encoding or "utf-16"
    lsp_client.pulls = result.capabilities.diagnostic_provider is not None
    yield
    await lsp_client.shutdown_session()


def offset(text: str, pos: types.Position, encoding: str) -> int:
    """The string index of a protocol position, counting columns as the client does."""
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return start + i
        if encoding == "utf-8":
            units += len(ch.encode("utf-8"))
        elif encoding == "utf-16":
            units += len(ch.encode("utf-16-le")) // 2
        else:
            units += 1
    return start + len(line)


def edits_of(action: types.CodeAction, uri: str) -> list:
    edit = action.edit
    assert edit is not None, action
    if edit.document_changes:
        return [e for dc in edit.document_changes if dc.text_document.uri == uri for e in dc.edits]
    return list((edit.changes or {}).get(uri, []))


async def diagnostics(client: LanguageClient, uri: str, version: int) -> list:
    if client.pulls:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return list(report.items)
    # Pushed: wait for the publication of this version.
    for _ in range(50):
        if client.diagnostics_version.get(uri) == version:
            return list(client.diagnostics.get(uri, []))
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10)
    raise AssertionError(f"no diagnostics for version {version} of {uri}")


async def open_document(client: LanguageClient, path: pathlib.Path, text: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="cpf", version=1, text=text)
        )
    )
    return uri


async def test_quick_fix_makes_the_diagnostic_go_away(client: LanguageClient, tmp_path: pathlib.Path):
    path = tmp_path / "merge.cpf"
    path.write_text(INSECURE_MERGE, encoding="utf-8")
    uri = await open_document(client, path, INSECURE_MERGE)
    found = await diagnostics(client, uri, 1)
    codes = sorted(str(d.code) for d in found)
    assert {"IRIS501", "IRIS302", "IRIS401", "IRIS403"} <= set(codes), codes
    for d in found:
        assert d.source == "irislint"
        assert d.code_description is not None and str(d.code_description.href).endswith(f"/{d.code}.md")

    # The finding after `Café € 𝄞` starts where the client counts it.
    telnet = next(d for d in found if d.code == "IRIS302")
    start = offset(INSECURE_MERGE, telnet.range.start, client.encoding)
    assert INSECURE_MERGE[start:].startswith("AutheEnabled=64"), (client.encoding, telnet.range)

    # Request the quick fix for WebServer=1 and apply it as the editor would.
    target = next(d for d in found if d.code == "IRIS501")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=target.range,
            context=types.CodeActionContext(diagnostics=[target], only=[types.CodeActionKind.QuickFix]),
        )
    )
    fix = next(a for a in actions if isinstance(a, types.CodeAction) and a.is_preferred)
    edits = sorted(edits_of(fix, uri), key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    text = INSECURE_MERGE
    changes = []
    for e in edits:
        a, b = offset(text, e.range.start, client.encoding), offset(text, e.range.end, client.encoding)
        text = text[:a] + e.new_text + text[b:]
        changes.append(types.TextDocumentContentChangePartial(range=e.range, text=e.new_text))
    assert "WebServer=0" in text
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2), content_changes=changes
        )
    )
    after = await diagnostics(client, uri, 2)
    assert "IRIS501" not in [d.code for d in after], after
    assert len(after) == len(found) - 1

    # Hover on the key names the setting and the rule.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=3))
    )
    assert hover is not None and "WebServer" in hover.contents.value


async def test_suppression_and_fix_all(client: LanguageClient, tmp_path: pathlib.Path):
    path = tmp_path / "merge.cpf"
    uri = await open_document(client, path, INSECURE_MERGE)
    found = await diagnostics(client, uri, 1)
    target = next(d for d in found if d.code == "IRIS401")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=target.range,
            context=types.CodeActionContext(diagnostics=[target]),
        )
    )
    suppress = next(a for a in actions if a.title == "Suppress IRIS401 on this line")
    (edit,) = edits_of(suppress, uri)
    at = offset(INSECURE_MERGE, edit.range.start, client.encoding)
    text = INSECURE_MERGE[:at] + edit.new_text + INSECURE_MERGE[at:]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    after = await diagnostics(client, uri, 2)
    assert "IRIS401" not in [d.code for d in after]

    fix_all = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.irislint"]),
        )
    )
    assert [a.kind for a in fix_all] == ["source.fixAll.irislint"]


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-v"]))
