"""The shape of the code: how the stages depend on each other, and what a command loads."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import click
import grimp
import pytest

from pipeline.cli import COMMANDS, SUMMARIES, LazyGroup

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports under `if TYPE_CHECKING:` never run, so they cannot form a cycle at run time.
    return grimp.build_graph("pipeline", cache_dir=None, exclude_type_checking_imports=True)


def test_the_import_graph_has_no_cycle(graph):
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append(f"{module} <-> {imported}")
    assert cycles == []


def test_no_stage_imports_a_command(graph):
    commands = {m for m in graph.modules if m.startswith("pipeline.commands")}
    stages = sorted(m for m in graph.modules if m not in commands and m != "pipeline.cli")
    offenders = [
        f"{m} -> {i}"
        for m in stages
        for i in graph.find_modules_directly_imported_by(m)
        if i in commands
    ]
    assert offenders == []


def test_no_stage_runs_another_as_a_process():
    # The subprocesses left start other programs, never a stage: the editor of `review
    # edit`, OCR and text extraction (Tesseract, Poppler) and the Pagefind indexer.
    allowed = {
        "pipeline/commands/publish.py",
        "pipeline/ingest/ocr.py",
        "pipeline/ingest/pdf.py",
        "pipeline/search/site.py",
    }
    users = set()
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(n.split(".")[0] in ("subprocess", "multiprocessing") for n in names):
                users.add(str(path.relative_to(ROOT)))
    assert users <= allowed | {"pipeline/executors/processes.py"}


def test_help_lists_each_command_with_its_own_first_line():
    for name in COMMANDS:
        command = LazyGroup._load(name)
        assert command is not None, name
        first = click.Command(name, help=command.help).get_short_help_str(1000)
        assert SUMMARIES[name] == first, name


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_help_loads_no_stage():
    loaded = _modules_after(
        "import sys; sys.argv = ['run.py', '--help']\n"
        "from pipeline.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert not {"pydantic", "pipeline.models", "pipeline.commands.publish"} & loaded


def test_the_builtin_engine_loads_no_llm_sdk_and_no_encoding():
    loaded = _modules_after(
        "from pipeline.config import load_settings\n"
        "from pipeline.summarise.settings import SummariseSettings\n"
        "from pipeline.summarise.stage import choose_engine, open_engine\n"
        "from pipeline.segment.settings import SegmentSettings\n"
        "s = load_settings(environ={})\n"
        "name, llm = choose_engine(s, s.section('summarise', SummariseSettings), None, None)\n"
        "assert name == 'extractive'\n"
        "with open_engine(name, SummariseSettings(), llm, segment=SegmentSettings()):\n"
        "    pass"
    )
    assert "openai" not in loaded
    assert "tiktoken" not in loaded
