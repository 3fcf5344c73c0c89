"""Versioned prompt templates: ``prompts/<id>.v<N>.md``.

A prompt file is YAML front matter between ``---`` lines, then a jinja2 body with a
``system`` and a ``user`` block. Released versions never change: ``prompts/prompts.lock``
maps ``id@vN`` to the hash of each released file, :func:`check_lock` reports drift, and a
test fails on it. The format and the rules are in ``prompts/README.md``.

The hash is ``"sha256:" + sha256(canonical JSON of {front matter minus description and
changelog, "body": body})``. Changing :func:`canonical_json` changes every hash, so it is a
contract, not an implementation detail.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field

from pipeline.errors import PipelineError
from pipeline.fileio import write_atomic

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
LOCK_NAME = "prompts.lock"
FILE_RE = re.compile(r"^(?P<id>[a-z0-9][a-z0-9_-]*)\.v(?P<version>[1-9][0-9]*)\.md$")
REF_RE = re.compile(r"^(?P<id>[a-z0-9][a-z0-9_-]*)(?:@v(?P<version>[1-9][0-9]*))?$")
# Keys left out of the hash: editing them does not change what the model is sent.
UNHASHED_KEYS = frozenset({"description", "changelog"})
BLOCKS = ("system", "user")


class PromptError(PipelineError):
    """A prompt that cannot be found, parsed, rendered or locked."""


def canonical_json(value: Any) -> str:
    """Sorted-key, compact, UTF-8 JSON: the input of every content hash in the project."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_tagged(value: Any) -> str:
    """``"sha256:" + hex digest`` of :func:`canonical_json` of ``value``."""
    return "sha256:" + hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


class FrontMatter(BaseModel):
    """The keys a prompt file's front matter may hold (anything else is an error)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int = Field(ge=1)
    description: str
    inputs: dict[str, Any] = Field(default_factory=dict)
    output: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    changelog: str | list[str] | None = None


class PromptTemplate(BaseModel):
    """One version of one prompt, parsed from its file."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: int
    description: str
    inputs: dict[str, Any] = Field(
        default_factory=dict, description="variable name -> sample value"
    )
    output: str | None = Field(default=None, description="pydantic model of the answer")
    params: dict[str, Any] = Field(default_factory=dict, description="temperature, seed, ...")
    changelog: str | list[str] | None = None
    body: str
    path: str | None = Field(default=None, exclude=True)
    front_matter: dict[str, Any] = Field(default_factory=dict, exclude=True, repr=False)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ref(self) -> str:
        """``id@vN``: how commands, provenance and the lock name this version."""
        return f"{self.id}@v{self.version}"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def hash(self) -> str:
        """Content hash of everything that changes what is sent to a model."""
        hashed = {k: v for k, v in self.front_matter.items() if k not in UNHASHED_KEYS}
        hashed["body"] = self.body
        return sha256_tagged(hashed)

    @cached_property
    def compiled(self) -> jinja2.Template:
        try:
            template = _environment().from_string(self.body)
        except jinja2.TemplateSyntaxError as exc:
            raise PromptError(
                f"prompt {self.ref}: template error line {exc.lineno}: {exc}"
            ) from None
        if "user" not in template.blocks:
            raise PromptError(f"prompt {self.ref}: no {{% block user %}} in the body")
        return template

    def variables(self) -> set[str]:
        """Names the body reads (to compare with the declared ``inputs``)."""
        ast = _environment().parse(self.body)
        return set(jinja2.meta.find_undeclared_variables(ast))

    def render(self, **variables: Any) -> list[dict[str, str]]:
        """Chat messages (``system`` when not empty, then ``user``) for these variables.

        A variable the body uses but the caller did not pass raises :class:`PromptError`
        naming it: a silently empty field would send the model half a prompt.
        """
        template = self.compiled
        context = template.new_context(dict(variables))
        messages = []
        for name in BLOCKS:
            block = template.blocks.get(name)
            if block is None:
                continue
            try:
                content = "".join(block(context)).strip()
            except jinja2.UndefinedError as exc:
                raise PromptError(f"prompt {self.ref}: missing variable: {exc.message}") from None
            if content or name == "user":
                messages.append({"role": name, "content": content})
        return messages

    def render_sample(self) -> list[dict[str, str]]:
        """Messages rendered with the sample values from ``inputs``."""
        return self.render(**self.inputs)


def _environment() -> jinja2.Environment:
    # Prompts are plain text, not HTML: no autoescape. StrictUndefined so a missing
    # variable raises instead of rendering as an empty string.
    return jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def parse_prompt(text: str, path: str | Path | None = None) -> PromptTemplate:
    """Parse the text of a prompt file; ``path`` (when given) must name the same id/version."""
    where = str(path) if path is not None else "prompt"
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise PromptError(f"{where}: no front matter (the file must start with a '---' line)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise PromptError(f"{where}: front matter is not closed by a '---' line") from None
    try:
        raw = yaml.safe_load("".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise PromptError(f"{where}: invalid YAML front matter: {exc}".splitlines()[0]) from None
    if not isinstance(raw, dict):
        raise PromptError(f"{where}: front matter must be a mapping")
    try:
        meta = FrontMatter.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "front matter"
        raise PromptError(f"{where}: front matter {key}: {first['msg']}") from None
    if path is not None:
        match = FILE_RE.match(Path(path).name)
        if match is None:
            raise PromptError(f"{where}: file name must look like <id>.v<N>.md")
        if (match["id"], int(match["version"])) != (meta.id, meta.version):
            raise PromptError(
                f"{where}: front matter says {meta.id}@v{meta.version}, "
                f"the file name says {match['id']}@v{match['version']}"
            )
    body = "".join(lines[end + 1 :])
    prompt = PromptTemplate(
        **meta.model_dump(),
        body=body,
        path=str(path) if path is not None else None,
        front_matter=raw,
    )
    _ = prompt.compiled  # syntax errors and a missing user block fail at load time
    return prompt


def _dir(prompts_dir: str | Path | None) -> Path:
    return Path(prompts_dir) if prompts_dir is not None else PROMPTS_DIR


def list_prompts(prompts_dir: str | Path | None = None) -> list[PromptTemplate]:
    """Every prompt version in ``prompts_dir``, sorted by id then version."""
    directory = _dir(prompts_dir)
    if not directory.is_dir():
        raise PromptError(f"{directory}: prompts directory not found")
    prompts = []
    for path in sorted(directory.glob("*.md")):
        if FILE_RE.match(path.name) is None:
            continue  # README.md and other notes
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PromptError(f"{path}: cannot read: {exc}") from None
        prompts.append(parse_prompt(text, path))
    return sorted(prompts, key=lambda p: (p.id, p.version))


def load_prompt(ref: str, prompts_dir: str | Path | None = None) -> PromptTemplate:
    """The prompt named ``id@vN``, or the latest version of ``id``."""
    match = REF_RE.match(ref.strip())
    if match is None:
        raise PromptError(f"bad prompt reference {ref!r}: expected ID or ID@vN")
    prompt_id, version = match["id"], match["version"]
    directory = _dir(prompts_dir)
    if version is not None:
        path = directory / f"{prompt_id}.v{version}.md"
        if path.is_file():
            return parse_prompt(path.read_text(encoding="utf-8"), path)
    versions = [p for p in list_prompts(directory) if p.id == prompt_id]
    if version is None and versions:
        return versions[-1]
    known = ", ".join(sorted({p.ref for p in versions})) or "none"
    if versions:
        raise PromptError(f"unknown prompt {ref!r}: versions of {prompt_id}: {known}")
    ids = ", ".join(sorted({p.id for p in list_prompts(directory)})) or "none"
    raise PromptError(f"unknown prompt {ref!r}: known prompts: {ids}")


# --- The lock file -------------------------------------------------------------------------


def read_lock(prompts_dir: str | Path | None = None) -> dict[str, str]:
    """The lock file's ``id@vN -> hash`` mapping (empty when there is no lock yet)."""
    path = _dir(prompts_dir) / LOCK_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PromptError(f"{path}: unreadable lock file: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise PromptError(f"{path}: lock file must map 'id@vN' to a hash string")
    return data


def check_lock(prompts_dir: str | Path | None = None) -> list[str]:
    """Problems between the prompt files and the lock; an empty list means all is well.

    A locked version whose hash changed, a locked version whose file is gone, and a file
    that is not in the lock are all problems: released prompts are immutable, and every
    prompt that ships must be released.
    """
    lock = read_lock(prompts_dir)
    prompts = {p.ref: p for p in list_prompts(prompts_dir)}
    problems = []
    for ref, locked in sorted(lock.items()):
        prompt = prompts.get(ref)
        if prompt is None:
            problems.append(f"{ref}: in {LOCK_NAME} but its file is missing")
        elif prompt.hash != locked:
            problems.append(
                f"{ref}: released version was edited ({LOCK_NAME} has {locked}, the file "
                f"hashes to {prompt.hash}); restore it and add version {prompt.version + 1}"
            )
    for ref in sorted(set(prompts) - set(lock)):
        problems.append(f"{ref}: not in {LOCK_NAME}; run `python run.py prompts lock`")
    return problems


def lock_prompts(prompts_dir: str | Path | None = None) -> list[str]:
    """Add every unlocked prompt version to the lock; return the refs added.

    Refuses (raises :class:`PromptError`) when a locked version's hash changed: the lock is
    append-only and an edited release has to become a new version instead.
    """
    directory = _dir(prompts_dir)
    lock = read_lock(directory)
    prompts = list_prompts(directory)
    edited = [p.ref for p in prompts if p.ref in lock and lock[p.ref] != p.hash]
    if edited:
        raise PromptError(
            f"released prompt(s) edited: {', '.join(edited)}; the lock never changes an "
            "entry: restore the file and make a new version"
        )
    added = [p.ref for p in prompts if p.ref not in lock]
    if added:
        lock.update({p.ref: p.hash for p in prompts if p.ref in added})
        write_atomic(directory / LOCK_NAME, json.dumps(lock, indent=2, sort_keys=True) + "\n")
    return added


def prompt_summary(prompt: PromptTemplate, lock: Mapping[str, str] | None = None) -> dict:
    """The JSON shape ``prompts list --json`` prints for one prompt."""
    entry = {
        "ref": prompt.ref,
        "id": prompt.id,
        "version": prompt.version,
        "description": prompt.description,
        "output": prompt.output,
        "params": prompt.params,
        "inputs": sorted(prompt.inputs),
        "hash": prompt.hash,
        "path": prompt.path,
    }
    if lock is not None:
        locked = lock.get(prompt.ref)
        entry["locked"] = locked is not None
        entry["lock_ok"] = locked == prompt.hash if locked is not None else None
    return entry
