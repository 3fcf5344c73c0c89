"""Prompt tokens per meeting and LLM calls on a re-run: our openai engine vs LangChain.

For each corpus document (``../shared/corpus/hackney``), against the same real
OpenAI-compatible server (llama-cpp-python serving Gemma 3 270M, started here unless
``--base-url`` is given), in one run:

- ours: ``summarise_meeting`` with the openai engine and a fresh response cache, then the
  same meeting again (the finished summary and the cache are reused);
- LangChain: ``load_summarize_chain(chain_type="map_reduce")`` over the same text split
  by ``RecursiveCharacterTextSplitter`` into chunks of the same token size, run twice.

Every request goes through a counting proxy on 127.0.0.1, so both sides are measured the
same way: the cl100k tokens of the messages sent (and the server's own prompt_tokens),
divided by the cl100k tokens of the document. Prints a table and JSON; exits 0.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/summarise_tokens.py [--docs NAME ...] [--base-url URL --model M]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pipeline.ingest import load_document  # noqa: E402
from pipeline.llm import LLMSettings, open_client  # noqa: E402
from pipeline.segment import segment_document  # noqa: E402
from pipeline.summarise import SummariseSettings, summarise_meeting  # noqa: E402
from pipeline.summarise.llm_engine import LLMEngine  # noqa: E402
from pipeline.tokens import count_tokens, get_encoding  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "hackney"
DOCS = [
    "decision-hwb-chscp-annual-report-2022-03-09.txt",
    "minutes-cyp-scrutiny-2022-11-30.txt",
    "agenda-item-chscp-annual-report-2022-23.txt",
    "agenda-pack-hwb-2023-01-26.txt",
]


class CountingProxy:
    """Forwards POSTs to the server and tallies what was sent (thread-safe)."""

    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/")
        self.lock = threading.Lock()
        self.reset()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._forward(None)

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                self._forward(self.rfile.read(length))

            def _forward(self, body: bytes | None) -> None:
                path = self.path[len("/v1") :] if self.path.startswith("/v1") else self.path
                request = urllib.request.Request(
                    proxy.target + path,
                    data=body,
                    method=self.command,
                    headers={"content-type": "application/json"},
                )
                try:
                    with urllib.request.urlopen(request, timeout=3600) as response:
                        status, data = response.status, response.read()
                except urllib.error.HTTPError as exc:
                    status, data = exc.code, exc.read()
                if body and self.path.endswith("/chat/completions"):
                    proxy.record(json.loads(body), data)
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def reset(self) -> None:
        with self.lock:
            self.calls = 0
            self.sent_tokens = 0
            self.server_prompt_tokens = 0

    def record(self, request: dict, response: bytes) -> None:
        text = "\n".join(str(m.get("content") or "") for m in request.get("messages", []))
        tokens = count_tokens(text)
        try:
            usage = json.loads(response).get("usage") or {}
        except ValueError:
            usage = {}
        with self.lock:
            self.calls += 1
            self.sent_tokens += tokens
            self.server_prompt_tokens += int(usage.get("prompt_tokens") or 0)

    def snapshot(self) -> dict:
        with self.lock:
            return {
                "calls": self.calls,
                "sent_tokens": self.sent_tokens,
                "server_prompt_tokens": self.server_prompt_tokens,
            }


def run_ours(
    path: Path, proxy: CountingProxy, model: str, workdir: Path, max_tokens: int | None
) -> dict:
    document = load_document(path)
    segmentation = segment_document(document)
    config = SummariseSettings()
    llm = LLMSettings(
        base_url=proxy.base_url,
        model=model,
        timeout_s=3600,
        max_attempts=1,
        concurrency=1,
        # llama-cpp-python's server refuses json_schema (a 500) and takes json_object with
        # a schema (turned into a grammar): say so, as a deployment would, so no request
        # is spent finding out.
        response_format="json_object",
        cache_path=str(workdir / "cache.sqlite"),
        run_log_path=str(workdir / "runs.sqlite"),
    )
    results = {}
    previous = None
    for label in ("first", "rerun"):
        proxy.reset()
        started = time.monotonic()
        with open_client(llm, command="bench") as client:
            engine = LLMEngine(config, client, max_tokens=max_tokens)
            summary = summarise_meeting(
                segmentation, engine=engine, settings=config, previous=previous
            )
        previous = summary
        results[label] = {
            **proxy.snapshot(),
            "seconds": round(time.monotonic() - started, 1),
            "items_failed": sum(i.status == "failed" for i in summary.items),
        }
    return results


def run_langchain(
    path: Path, proxy: CountingProxy, model: str, chunk_tokens: int, max_tokens: int
) -> dict:
    from langchain_classic.chains.summarize import load_summarize_chain
    from langchain_core.documents import Document as LCDocument
    from langchain_openai import ChatOpenAI
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    text = load_document(path).text
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_tokens, chunk_overlap=0, length_function=count_tokens
    )
    docs = [LCDocument(page_content=chunk) for chunk in splitter.split_text(text)]
    llm = ChatOpenAI(
        base_url=proxy.base_url,
        model=model,
        api_key="not-needed",
        temperature=0,
        # langchain-openai 1.x sends max_tokens as max_completion_tokens, which
        # llama-cpp-python's server ignores; the body's max_tokens is what caps it there.
        max_tokens=max_tokens,
        extra_body={"max_tokens": max_tokens},
        timeout=3600,
        max_retries=0,
        # LangChain counts tokens for its collapse step with tiktoken's online cl100k;
        # give it the offline copy (same encoding) instead of a download.
        custom_get_token_ids=lambda text: get_encoding().encode(text, disallowed_special=()),
    )
    # token_max bounds what the reduce step sends at once (LangChain collapses beyond it).
    chain = load_summarize_chain(llm, chain_type="map_reduce", token_max=chunk_tokens)
    results = {}
    for label in ("first", "rerun"):
        proxy.reset()
        started = time.monotonic()
        chain.invoke({"input_documents": docs})
        results[label] = {**proxy.snapshot(), "seconds": round(time.monotonic() - started, 1)}
    return results


def stand_in_answer(request: Any) -> Any:
    """A scripted model for ``--stand-in``: echoes the first sentences of what it is sent.

    JSON (two evidenced sentences) when a schema is asked for, plain text otherwise, so
    both pipelines run their full map-reduce structure with answers of a realistic size.
    """
    import re

    from fake_openai import chat_reply

    messages = request.json["messages"]
    user = next(m["content"] for m in messages if m["role"] == "user")
    body = user.split("TEXT:", 1)[-1]
    sentences = [s.strip() for s in re.split(r"(?<=[.;])\s+", body) if len(s.split()) > 8][:2]
    sentences = sentences or [body.strip()[:200] or "Nothing."]
    if request.json.get("response_format"):
        if "opening paragraph" in messages[0]["content"]:
            numbers = re.findall(r"^(\d+)\. ", user, re.M)[:2]
            answer = {"sentences": [{"text": sentences[0], "items": numbers}]}
        else:
            answer = {"sentences": [{"text": s, "evidence": [s]} for s in sentences]}
        return chat_reply(json.dumps(answer))
    return chat_reply(" ".join(sentences))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", nargs="*", default=DOCS, help="corpus file names")
    parser.add_argument("--base-url", help="an already running server (default: start one)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--skip-langchain", action="store_true")
    parser.add_argument(
        "--stand-in",
        action="store_true",
        help="a scripted echo model instead of Gemma (structure only: fast, no server)",
    )
    parser.add_argument(
        "--max-tokens",
        type=int,
        default=200,
        help="answer cap for both sides (Gemma 270M on 2 cores writes 2-8 tokens/s)",
    )
    args = parser.parse_args()

    server = None
    base_url, model = args.base_url, args.model
    if args.stand_in:
        from fake_openai import FakeOpenAIServer

        server = FakeOpenAIServer(stand_in_answer).start()
        base_url, model = server.base_url, "stand-in"
    elif base_url is None:
        from llm_server import LlamaServer

        server = LlamaServer().start()
        base_url, model = server.base_url, server.model
    proxy = CountingProxy(base_url)
    chunk_tokens = SummariseSettings().map_chunk_tokens
    rows = []
    try:
        for name in args.docs:
            path = CORPUS / name
            source_tokens = count_tokens(load_document(path).text)
            with tempfile.TemporaryDirectory() as tmp:
                ours = run_ours(path, proxy, model, Path(tmp), args.max_tokens)
            row = {"document": name, "source_tokens": source_tokens, "ours": ours}
            if not args.skip_langchain:
                row["langchain"] = run_langchain(path, proxy, model, chunk_tokens, args.max_tokens)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    finally:
        if server is not None:
            server.stop()

    print(f"{'document':50} {'src tok':>8} {'ours x':>7} {'ours re':>7} {'LC x':>7} {'LC re':>6}")
    for row in rows:
        ours = row["ours"]
        lc = row.get("langchain")
        ratio = ours["first"]["sent_tokens"] / row["source_tokens"]
        lc_ratio = f"{lc['first']['sent_tokens'] / row['source_tokens']:7.2f}" if lc else "      -"
        lc_re = f"{lc['rerun']['calls']:6d}" if lc else "     -"
        print(
            f"{row['document']:50} {row['source_tokens']:8d} {ratio:7.2f} "
            f"{ours['rerun']['calls']:7d} {lc_ratio} {lc_re}"
        )
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
