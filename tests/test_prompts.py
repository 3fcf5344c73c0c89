"""Versioned prompts: parsing, strict rendering, hashes, and the lock on released versions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.prompts import (
    LOCK_NAME,
    PROMPTS_DIR,
    PromptError,
    check_lock,
    list_prompts,
    load_prompt,
    lock_prompts,
    parse_prompt,
    read_lock,
)

DEMO = """\
---
id: demo
version: {version}
description: Greets a council.
inputs:
  council: Northbridge Borough Council
  items: ["Budget", "Parking"]
output: null
params:
  temperature: 0
  seed: 7
changelog: first version
---
{{% block system %}}
You are a careful clerk.
{{% endblock %}}
{{% block user %}}
Summarise the meeting of {{{{ council }}}}.
{{% for item in items %}}
- {{{{ item }}}}
{{% endfor %}}
{{% endblock %}}
"""


def write_demo(folder: Path, version: int = 1, text: str | None = None) -> Path:
    path = folder / f"demo.v{version}.md"
    path.write_text(text if text is not None else DEMO.format(version=version))
    return path


# --- the project's own prompts --------------------------------------------------------------


def test_every_prompt_file_is_locked_and_unchanged():
    """Fails when a released prompt is edited (make a new version) or a file is unlocked."""
    problems = check_lock()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("prompt", list_prompts(), ids=lambda p: p.ref)
def test_every_prompt_renders_its_sample_inputs_and_declares_what_it_uses(prompt):
    messages = prompt.render_sample()
    assert messages[-1]["role"] == "user" and messages[-1]["content"]
    assert prompt.variables() == set(prompt.inputs), "declared inputs != variables used"


def test_readme_documents_the_format():
    readme = (PROMPTS_DIR / "README.md").read_text()
    for key in ("id", "version", "description", "inputs", "output", "params", "changelog"):
        assert f"\n{key}:" in readme
    assert "prompts lock" in readme


# --- parsing --------------------------------------------------------------------------------


def test_load_and_render(tmp_path):
    write_demo(tmp_path)
    prompt = load_prompt("demo@v1", tmp_path)
    assert (prompt.ref, prompt.output, prompt.params) == (
        "demo@v1",
        None,
        {"temperature": 0, "seed": 7},
    )
    assert prompt.render(council="Eastmoor Council", items=["Minutes"]) == [
        {"role": "system", "content": "You are a careful clerk."},
        {"role": "user", "content": "Summarise the meeting of Eastmoor Council.\n- Minutes"},
    ]


def test_missing_variable_raises_naming_it(tmp_path):
    write_demo(tmp_path)
    prompt = load_prompt("demo", tmp_path)
    with pytest.raises(PromptError, match="demo@v1: missing variable: 'items' is undefined"):
        prompt.render(council="Eastmoor Council")


def test_no_html_escaping(tmp_path):
    write_demo(tmp_path)
    [_, user] = load_prompt("demo", tmp_path).render(council="A & B <Joint>", items=[])
    assert "A & B <Joint>" in user["content"]


def test_bare_id_is_the_latest_version(tmp_path):
    write_demo(tmp_path, 1)
    write_demo(tmp_path, 2)
    write_demo(tmp_path, 10)
    assert load_prompt("demo", tmp_path).version == 10
    assert [p.ref for p in list_prompts(tmp_path)] == ["demo@v1", "demo@v2", "demo@v10"]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("demo@v9", "versions of demo: demo@v1"),
        ("other", "known prompts: demo"),
        ("Demo v1", "expected ID or ID@vN"),
    ],
)
def test_unknown_refs(tmp_path, ref, message):
    write_demo(tmp_path)
    with pytest.raises(PromptError, match=message):
        load_prompt(ref, tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "no front matter"),
        ("---\nid: demo\n", "not closed"),
        ("---\nid: demo\nversion: 1\n---\n{% block user %}x{% endblock %}", "description"),
        (
            "---\nid: demo\nversion: 1\ndescription: d\nmodel: gpt\n---\n"
            "{% block user %}x{% endblock %}",
            "model: Extra inputs are not permitted",
        ),
        (
            "---\nid: demo\nversion: 2\ndescription: d\n---\n{% block user %}x{% endblock %}",
            "file name says demo@v1",
        ),
        ("---\nid: demo\nversion: 1\ndescription: d\n---\nno blocks", "no {% block user %}"),
        (
            "---\nid: demo\nversion: 1\ndescription: d\n---\n{% block user %}{{ x {% endblock %}",
            "template error",
        ),
    ],
)
def test_malformed_files_fail_with_the_file_name(tmp_path, text, message):
    path = write_demo(tmp_path, text=text)
    with pytest.raises(PromptError, match=message) as caught:
        parse_prompt(path.read_text(), path)
    assert "demo.v1.md" in str(caught.value) or "prompt demo@v1" in str(caught.value)


# --- hashes and the lock --------------------------------------------------------------------


def test_hash_ignores_description_and_changelog_but_not_body_or_params(tmp_path):
    base = parse_prompt(DEMO.format(version=1)).hash
    assert base.startswith("sha256:") and len(base) == 7 + 64
    reworded = DEMO.format(version=1).replace("Greets a council.", "Greets one council.")
    assert parse_prompt(reworded.replace("first version", "v1")).hash == base
    assert parse_prompt(DEMO.format(version=1).replace("seed: 7", "seed: 8")).hash != base
    assert parse_prompt(DEMO.format(version=1).replace("careful", "precise")).hash != base


def test_lock_adds_new_versions_and_check_passes(tmp_path):
    write_demo(tmp_path)
    assert check_lock(tmp_path) == [
        "demo@v1: not in prompts.lock; run `python run.py prompts lock`"
    ]
    assert lock_prompts(tmp_path) == ["demo@v1"]
    assert check_lock(tmp_path) == []
    assert lock_prompts(tmp_path) == []
    write_demo(tmp_path, 2)
    assert lock_prompts(tmp_path) == ["demo@v2"]
    lock = json.loads((tmp_path / LOCK_NAME).read_text())
    assert set(lock) == {"demo@v1", "demo@v2"}


def test_editing_a_released_version_is_caught_and_the_lock_refuses(tmp_path):
    path = write_demo(tmp_path)
    lock_prompts(tmp_path)
    before = read_lock(tmp_path)
    path.write_text(path.read_text().replace("careful", "creative"))
    [problem] = check_lock(tmp_path)
    assert problem.startswith("demo@v1: released version was edited")
    with pytest.raises(PromptError, match="released prompt"):
        lock_prompts(tmp_path)
    assert read_lock(tmp_path) == before


def test_deleting_a_released_version_is_caught(tmp_path):
    path = write_demo(tmp_path)
    lock_prompts(tmp_path)
    path.unlink()
    assert check_lock(tmp_path) == ["demo@v1: in prompts.lock but its file is missing"]


# --- CLI ------------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_cli_list_show_lock_check(tmp_path):
    write_demo(tmp_path)
    folder = str(tmp_path)
    result = run("prompts", "--dir", folder, "check")
    assert result.exit_code == 2
    assert "not in prompts.lock" in result.output
    assert run("prompts", "--dir", folder, "lock").output == "locked demo@v1\n"
    assert run("prompts", "--dir", folder, "check").exit_code == 0
    listed = json.loads(run("prompts", "--dir", folder, "list", "--json").output)
    assert [(e["ref"], e["locked"], e["lock_ok"]) for e in listed] == [("demo@v1", True, True)]
    shown = run("prompts", "--dir", folder, "show", "demo@v1")
    assert shown.exit_code == 0
    assert "Summarise the meeting of {{ council }}" in shown.output
    rendered = json.loads(
        run("prompts", "--dir", folder, "show", "demo", "--render", "--json").output
    )
    assert rendered[1]["content"].startswith("Summarise the meeting of Northbridge Borough Council")


def test_cli_errors_are_one_line_exit_2(tmp_path):
    write_demo(tmp_path)
    result = run("prompts", "--dir", str(tmp_path), "show", "demo@v4")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert result.output.startswith("error: unknown prompt 'demo@v4'")


def test_cli_lock_refuses_to_change_an_entry(tmp_path):
    path = write_demo(tmp_path)
    run("prompts", "--dir", str(tmp_path), "lock")
    path.write_text(path.read_text().replace("seed: 7", "seed: 9"))
    result = run("prompts", "--dir", str(tmp_path), "lock")
    assert result.exit_code == 2
    assert "error: released prompt(s) edited: demo@v1" in result.output


def test_project_prompts_folder_is_used_by_default(tmp_path):
    result = run("prompts", "list", "--json")
    assert result.exit_code == 0
    assert [e["ref"] for e in json.loads(result.output)] == [p.ref for p in list_prompts()]


def test_copying_to_a_new_version_is_the_way_to_change(tmp_path):
    path = write_demo(tmp_path)
    lock_prompts(tmp_path)
    new = tmp_path / "demo.v2.md"
    shutil.copy(path, new)
    new.write_text(new.read_text().replace("version: 1", "version: 2").replace("careful", "brief"))
    assert lock_prompts(tmp_path) == ["demo@v2"]
    assert check_lock(tmp_path) == []
