"""Range checks for every KB_* setting: one clear line naming the variable and what it may be."""

from __future__ import annotations

import ipaddress
import math
import re

# (field, lowest, highest or None, what the value is, in words)
RANGES: list[tuple[str, float, float | None, str]] = [
    ("top_k", 1, 100, "passages retrieved"),
    ("chunk_size", 20, 4000, "characters per chunk"),
    ("embed_threads", 0, 1024, "threads (0: one per core)"),
    ("port", 1, 65535, "a TCP port"),
    ("kiosk_idle_seconds", 1, None, "seconds"),
    ("reload_seconds", 0, None, "seconds (0: never)"),
]
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _range(low: float, high: float | None) -> str:
    return f"{low:g}–{high:g}" if high is not None else f"at least {low:g}"


def valid_host(host: str) -> bool:
    """An IP address or a host name as DNS spells one (no spaces, no scheme, no port)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    name = host[:-1] if host.endswith(".") else host
    return 0 < len(name) <= 253 and all(_LABEL.fullmatch(label) for label in name.split("."))


def check(settings: object) -> None:
    """Raise SettingsError for the first setting out of its range."""
    from kb.settings import SettingsError

    for name, low, high, what in RANGES:
        value = getattr(settings, name)
        if isinstance(value, float) and not math.isfinite(value) or value < low or (high is not None and value > high):
            raise SettingsError(f"KB_{name.upper()}={value!r} is out of range: {what}, {_range(low, high)}")
    host = settings.host  # type: ignore[attr-defined]
    if not valid_host(host):
        raise SettingsError(f"KB_HOST={host!r} is not an address to listen on: an IP address such as 127.0.0.1 "
                            "or 0.0.0.0, or a host name")
    for entry in filter(None, (h.strip() for h in settings.allowed_hosts.split(","))):  # type: ignore[attr-defined]
        if entry != "*" and not valid_host(entry.removeprefix("*.")):
            raise SettingsError(f"KB_ALLOWED_HOSTS holds {entry!r}: expected host names or addresses, "
                                "comma-separated (*.example.org for every subdomain, * for any)")
