"""Unsubscribe tokens: unguessable, signed with HMAC-SHA256, verified in constant time.

A token names a subscriber and a council and carries a MAC over those and the subscriber's
address, keyed with a secret that never leaves the server. Knowing one token tells nothing
about another; a token for a deleted subscriber cannot unsubscribe a later one who got the
same address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pipeline.digest.settings import DigestSettings
from pipeline.errors import ConfigError, PipelineError
from pipeline.fileio import write_atomic

_PURPOSE = b"council-digest/unsubscribe/v1"
_TOKEN = re.compile(r"^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class TokenClaim:
    """What a well-formed token names (before its MAC is checked against the address)."""

    subscriber_id: int
    council_slug: str
    mac: bytes


def load_secret(settings: DigestSettings, environ: dict[str, str] | None = None) -> bytes:
    """The HMAC key: from ``secret_env``, else ``secret_file`` (created once, mode 0600)."""
    environ = dict(os.environ) if environ is None else environ
    value = environ.get(settings.secret_env)
    if value:
        if len(value) < 16:
            raise ConfigError(f"${settings.secret_env}: the digest secret needs 16+ characters")
        return value.encode("utf-8")
    path = Path(settings.secret_file)
    if not path.is_file():
        write_atomic(path, secrets.token_urlsafe(48))
        path.chmod(0o600)
    value = path.read_text(encoding="utf-8").strip()
    if len(value) < 16:
        raise ConfigError(f"{path}: the digest secret needs 16+ characters")
    return value.encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, subscriber_id: int, council_slug: str, email: str) -> bytes:
    message = b"\0".join(
        [_PURPOSE, str(subscriber_id).encode(), council_slug.encode(), email.lower().encode()]
    )
    return hmac.new(secret, message, hashlib.sha256).digest()


def make_token(secret: bytes, subscriber_id: int, council_slug: str, email: str) -> str:
    """``<payload>.<mac>``, URL-safe."""
    payload = _b64(f"{subscriber_id}:{council_slug}".encode())
    return f"{payload}.{_b64(_mac(secret, subscriber_id, council_slug, email))}"


def parse_token(token: str) -> TokenClaim:
    """Split a token (or an unsubscribe URL carrying one); raises on a malformed one."""
    token = token.strip()
    if "://" in token:
        values = parse_qs(urlsplit(token).query).get("token")
        token = values[0] if values else ""
    match = _TOKEN.match(token)
    if not match:
        raise PipelineError("not a valid unsubscribe token")
    try:
        sid_text, slug = _unb64(match.group(1)).decode("utf-8").split(":", 1)
        subscriber_id = int(sid_text)
        mac = _unb64(match.group(2))
    except (ValueError, UnicodeDecodeError):
        raise PipelineError("not a valid unsubscribe token") from None
    return TokenClaim(subscriber_id, slug, mac)


def verify(secret: bytes, claim: TokenClaim, email: str) -> bool:
    """Constant-time check of the token's MAC for the subscriber's current address."""
    expected = _mac(secret, claim.subscriber_id, claim.council_slug, email)
    return hmac.compare_digest(expected, claim.mac)
