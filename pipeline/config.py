"""Configuration: ``config/default.toml``, then a user file, then environment, then flags.

Each stage owns a pydantic model for its own section and asks for it with
:meth:`Settings.section`; this module knows nothing about what the sections hold.

Environment overrides use ``COUNCIL_DIGEST__SECTION__KEY=value`` (double underscores);
the value is read as a TOML value when it parses as one (``10``, ``true``, ``"x"``),
otherwise as a plain string. The user file comes from ``--config`` or
``COUNCIL_DIGEST_CONFIG``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.errors import ConfigError, PipelineError

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config" / "default.toml"
ENV_PREFIX = "COUNCIL_DIGEST__"
ENV_FILE = "COUNCIL_DIGEST_CONFIG"

SectionT = TypeVar("SectionT", bound=BaseModel)


class Settings:
    """Merged configuration values; immutable once built."""

    def __init__(self, values: Mapping[str, Any], sources: list[str]) -> None:
        self._values = dict(values)
        self.sources = sources

    def raw(self, name: str) -> dict[str, Any]:
        """The raw mapping of one section (empty when absent)."""
        value = self._values.get(name, {})
        return dict(value) if isinstance(value, Mapping) else {}

    def section(self, name: str, model: type[SectionT]) -> SectionT:
        """Validate section ``name`` against ``model``; bad values raise :class:`ConfigError`.

        The same constraints hold for a value from a file, the environment or a flag: they
        live on the model (``Field(ge=...)``), so one rule serves all. A section that is not
        a table (``llm = 5``) is an error, never silently ignored.
        """
        value = self._values.get(name, {})
        if not isinstance(value, Mapping):  # a section the defaults do not have
            raise ConfigError(
                f"config [{name}]: must be a table of settings, not {_toml_type(value)} "
                f"({_shown(value)})"
            )
        try:
            return model.model_validate(dict(value))
        except ValidationError as exc:
            raise ConfigError(f"config [{name}] {_first_error(exc)}") from None

    def with_overrides(self, name: str, **values: Any) -> Settings:
        """A copy with flag values (``None`` means "not given") laid over section ``name``."""
        merged = {k: v for k, v in self._values.items()}
        section = dict(self.raw(name))
        section.update({k: v for k, v in values.items() if v is not None})
        merged[name] = section
        return Settings(merged, [*self.sources, "flags"])


def _first_error(exc: ValidationError) -> str:
    """``key: problem (got value)`` for the first error of a validation."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(section)"
    message = first["msg"]
    if first.get("type") in ("extra_forbidden",):
        return f"{where}: unknown setting"
    given = first.get("input")
    if isinstance(given, str | int | float | bool) and first["type"] != "missing":
        message += f" (got {_shown(given)})"
    return f"{where}: {message[:1].lower()}{message[1:]}"


def _toml_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    if isinstance(value, list):
        return "an array"
    return names.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = (
        repr(value)
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )
    return text if len(text) <= 60 else text[:57] + "..."


def load_settings(
    user_file: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build :class:`Settings` from the default file, a user file and the environment."""
    environ = os.environ if environ is None else environ
    values = _read_toml(DEFAULT_CONFIG) if DEFAULT_CONFIG.exists() else {}
    sources = [str(DEFAULT_CONFIG)]
    user_file = user_file or environ.get(ENV_FILE)
    if user_file:
        path = Path(user_file)
        if not path.exists():
            raise ConfigError(f"{path}: config file not found")
        _deep_merge(values, _read_toml(path), source=str(path))
        sources.append(str(path))
    env_values: dict[str, Any] = {}
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        parts = [p.lower() for p in key[len(ENV_PREFIX) :].split("__") if p]
        if len(parts) < 2:
            continue
        node = env_values
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _parse_env_value(raw)
    if env_values:
        _deep_merge(values, env_values, source="environment")
        sources.append("environment")
    return Settings(values, sources)


def _read_toml(path: Path) -> dict[str, Any]:
    from pipeline.limits import read_text_file

    try:
        text = read_text_file(path, what="config file")
    except PipelineError as exc:  # not a regular file, too large, not UTF-8
        raise ConfigError(str(exc)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _parse_env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _deep_merge(
    base: dict[str, Any], extra: Mapping[str, Any], *, source: str, where: str = ""
) -> None:
    """Lay ``extra`` over ``base``; a value where the defaults hold a table is an error."""
    for key, value in extra.items():
        name = f"{where}.{key}" if where else key
        if isinstance(base.get(key), dict):
            if not isinstance(value, Mapping):
                raise ConfigError(
                    f"config [{name}] ({source}): must be a table of settings, not "
                    f"{_toml_type(value)} ({_shown(value)})"
                )
            _deep_merge(base[key], value, source=source, where=name)
        else:
            base[key] = value
