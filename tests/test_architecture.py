"""The shape of the code: how the stages depend on each other, and what a command loads."""

from __future__ import annotations

import ast
import re
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


# --- one home for each shared idea --------------------------------------------------------

_TEXT_HOME = "pipeline/text.py"
_MONTH_WORD = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


def _pipeline_modules() -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / "pipeline").rglob("*.py"))
    ]


def _strings_in(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _assigned_values(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    values = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and node.value is not None:
            name = ast.unparse(node.targets[0])
            values.append((name, node.value))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            values.append((ast.unparse(node.target), node.value))
    return values


def test_month_names_are_written_out_only_in_the_text_module():
    # A table, a list or a regular expression that spells out the months (four or more of
    # them) anywhere else is a second month table: import MONTHS / MONTH_PATTERN instead.
    offenders = [
        f"{path}: {name}"
        for path, tree in _pipeline_modules()
        if path != _TEXT_HOME
        for name, value in _assigned_values(tree)
        if len({m.lower() for s in _strings_in(value) for m in _MONTH_WORD.findall(s)}) >= 4
    ]
    assert offenders == []


def _is_regex(value: ast.AST) -> bool:
    return isinstance(value, ast.Call) and ast.unparse(value.func) in ("re.compile", "compile")


def test_stop_word_lists_live_only_in_the_text_module():
    # Named like one, or a long list mostly of function words (a copied stop-word list; the
    # short closed classes a rule needs, auxiliaries or title connectors, stay with the rule):
    # either way it belongs with the other word lists in pipeline/text.py.
    from pipeline.text import FUNCTION_WORDS

    offenders = []
    for path, tree in _pipeline_modules():
        if path == _TEXT_HOME:
            continue
        for name, value in _assigned_values(tree):
            if _is_regex(value):
                continue
            words = {w.lower() for s in _strings_in(value) for w in s.split()}
            named = "STOP" in name.upper() and len(words) >= 5
            mostly_function_words = len(words) >= 30 and len(words & FUNCTION_WORDS) >= 0.8 * len(
                words
            )
            if named or mostly_function_words:
                offenders.append(f"{path}: {name}")
    assert offenders == []


def test_folding_slugs_and_word_sets_are_defined_once():
    offenders = []
    for path, tree in _pipeline_modules():
        if path == _TEXT_HOME:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "str.maketrans":
                offenders.append(f"{path}:{node.lineno}: a folding table (use FOLD_TABLE)")
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if "slugify" in node.name:
                    offenders.append(f"{path}:{node.lineno}: {node.name} (use slugify)")
                body = [b for b in node.body if not isinstance(b, ast.Expr)]
                returned = (
                    ast.unparse(body[0].value).replace(" ", "")
                    if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value
                    else ""
                )
                if returned in ("frozenset(text.split())", "set(text.split())"):
                    offenders.append(f"{path}:{node.lineno}: {node.name} (use wordset)")
    assert offenders == []


def test_only_the_store_turns_json_into_a_summary():
    offenders = [
        f"{path}:{node.lineno}"
        for path, tree in _pipeline_modules()
        if path != "pipeline/store.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func).startswith("MeetingSummary.model_validate")
    ]
    assert offenders == []


# Sentence ends are found by pipeline.text.sentence_spans, whose options
# (SentenceRules) carry what differs between stages: abbreviations, initials, what may
# follow an end, line breaks, quotes held open. These modules still hold a pattern of
# sentence-ending marks of their own; the list may shrink, and a new module splitting
# sentences its own way must not join it.
_OWN_SENTENCE_ENDS = {
    "pipeline/evals/text.py",  # the start of the sentence holding an offset, looking back
    "pipeline/segment/transcript.py",  # a speaker's turn ending on a spoken sentence
    "pipeline/segment/transcript_cues.py",  # cues said at a sentence's start
    "pipeline/segment/transcript_finder.py",  # a read-out title stops at a clause too
    # Clauses, not sentences: ";" and ":" end a piece as well.
    "pipeline/evals/checks/figure.py",
    "pipeline/evals/claims.py",
    "pipeline/evals/names.py",
    "pipeline/evals/retrieval.py",
    "pipeline/segment/chunking.py",
    "pipeline/segment/transcript_lists.py",
    "pipeline/evals/verbatim.py",  # punctuation trimmed off a quote's edges
    # Whether a line or heading ends on a mark: a test of one end, not a split.
    "pipeline/segment/flat.py",
    "pipeline/segment/verbatim.py",
}
# A character class holding the three sentence-ending marks, in any order and with any
# others ("[.!?]", "[.?!;]", "[.!?:;\\n]"); a negated one ("[^.!?]") reads within a
# sentence and is fine.
_SENTENCE_END = re.compile(r"(?<!\\)\[(?!\^)(?=[^\]]*\.)(?=[^\]]*!)(?=[^\]]*\?)[^\]]*\]")


def test_no_new_module_splits_sentences_its_own_way():
    splitting = {
        path
        for path, tree in _pipeline_modules()
        if path != _TEXT_HOME and any(_SENTENCE_END.search(s) for s in _strings_in(tree))
    }
    assert splitting <= _OWN_SENTENCE_ENDS


def test_the_sentence_guard_sees_a_splitter_and_passes_a_negated_class():
    assert _SENTENCE_END.search(r"[.!?](?=\s+[A-Z])")
    assert _SENTENCE_END.search(r"(?<=[.?!;])\s+")
    assert not _SENTENCE_END.search(r"[^.!?\n]{0,40}")


def test_the_sentence_allowlist_names_only_modules_that_still_need_it():
    # An entry whose module no longer splits its own way is removed, so it cannot hide a
    # new splitter later.
    splitting = {
        path
        for path, tree in _pipeline_modules()
        if any(_SENTENCE_END.search(s) for s in _strings_in(tree))
    }
    assert _OWN_SENTENCE_ENDS - splitting == set()


def test_only_the_store_ranks_documents_by_kind():
    # Which document best records a meeting is RECORD_ORDER in pipeline/store.py: a table
    # elsewhere giving "minutes" and "agenda" numbers is a second rule that will drift.
    offenders = []
    for path, tree in _pipeline_modules():
        if path == "pipeline/store.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                ranked = all(
                    isinstance(v, ast.Constant) and type(v.value) is int for v in node.values
                )
                if ranked and {"minutes", "agenda"} <= set(keys):
                    offenders.append(f"{path}:{node.lineno}")
    assert offenders == []
