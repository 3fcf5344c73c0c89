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

from pipeline.errors import ConfigError

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
        """Validate section ``name`` against ``model``; bad values raise :class:`ConfigError`."""
        try:
            return model.model_validate(self.raw(name))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"config [{name}] {where}: {first['msg']}") from None

    def with_overrides(self, name: str, **values: Any) -> Settings:
        """A copy with flag values (``None`` means "not given") laid over section ``name``."""
        merged = {k: v for k, v in self._values.items()}
        section = dict(self.raw(name))
        section.update({k: v for k, v in values.items() if v is not None})
        merged[name] = section
        return Settings(merged, [*self.sources, "flags"])


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
        _deep_merge(values, _read_toml(path))
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
        _deep_merge(values, env_values)
        sources.append("environment")
    return Settings(values, sources)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _parse_env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _deep_merge(base: dict[str, Any], extra: Mapping[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _deep_merge(base[key], value)
        else:
            base[key] = value
