"""Guarding an ingest: one at a time, room kept to clean up after a full disk, and one clear line when it fails.

- One at a time: a file lock under the data dir (released by the kernel if the ingest dies), or on
  a Chroma server a lease in the registry collection's metadata, renewed while the ingest runs and
  lapsing LEASE_SECONDS after a crashed one. Two ingests at once used to delete each other's
  collections.
- A full disk: Chroma's engine needs free pages even to delete rows or to open the store for
  reading, so an ingest that filled the disk left the previous index unanswerable. A reserve file
  is held while the ingest runs and dropped first when it fails, leaving room to remove the
  half-built collections; the previous index keeps answering.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import chromadb

from kb.settings import Settings

log = logging.getLogger(__name__)
LEASE_SECONDS = 60.0
OWNER, UNTIL = "ingest_owner", "ingest_until"
RESERVE_MIN, RESERVE_MAX = 4 << 20, 256 << 20  # bytes held back for the clean-up, or 10 % of the store
FULL = ("disk is full", "no space left", "disk full", "quota exceeded")
LOST = ("connect", "connection", "timed out", "timeout", "name or service not known", "server disconnected",
        "remote end closed", "broken pipe")


def _error(message: str) -> Exception:
    from kb.index import IndexError_

    return IndexError_(message)


def _names(client: chromadb.ClientAPI) -> set[str]:
    return {c if isinstance(c, str) else c.name for c in client.list_collections()}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen = 0
    while exc is not None and seen < 10:
        yield exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1  # type: ignore[assignment]


def nearly_full(directory: Path) -> bool:
    """Under 1 MiB free: Chroma reports a full disk met mid-write as "Error in compaction" and the like."""
    try:
        st = os.statvfs(directory)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 1 << 20


def is_full(exc: BaseException) -> bool:
    return any(getattr(e, "errno", None) in {errno.ENOSPC, errno.EDQUOT} or any(f in str(e).lower() for f in FULL)
               for e in _chain(exc))


def is_lost(exc: BaseException, settings: Settings) -> bool:
    if not settings.chroma_url:
        return False
    import httpx

    return any(isinstance(e, (httpx.TransportError, ConnectionError)) or any(w in str(e).lower() for w in LOST)
               for e in _chain(exc))


@contextmanager
def _file_lock(settings: Settings) -> Iterator[None]:
    from kb.store import writable

    if not writable(settings.data_dir):
        raise _error(f"the data dir {settings.data_dir} is read-only: `kb ingest` needs to write there")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.data_dir / "ingest.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise _error(f"another ingest is running ({holder}): wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}, since {time.strftime('%H:%M:%S')}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _registry_meta(client: chromadb.ClientAPI) -> dict:
    from kb.index import _registry

    return dict(_registry(client).metadata or {})


def _write_registry(client: chromadb.ClientAPI, change: dict, drop: tuple[str, ...] = ()) -> None:
    from kb.index import REGISTRY_LOCK, _registry

    with REGISTRY_LOCK:  # Chroma replaces metadata whole: read, change and write without the switch in between
        meta = {k: v for k, v in _registry_meta(client).items() if k not in drop}
        _registry(client).modify(metadata={**meta, **change})


@contextmanager
def _lease(client: chromadb.ClientAPI, settings: Settings) -> Iterator[None]:
    me = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def held_by_other() -> str | None:
        meta = _registry_meta(client)
        owner, until = meta.get(OWNER), float(meta.get(UNTIL) or 0)
        if owner and owner != me and until > time.time():
            return (f"another ingest is running ({str(owner).rsplit(':', 1)[0]}; its lease on the Chroma server "
                    f"lapses at {time.strftime('%H:%M:%S', time.localtime(until))} if it died)")
        return None

    if busy := held_by_other():
        raise _error(busy)
    _write_registry(client, {OWNER: me, UNTIL: time.time() + LEASE_SECONDS})
    time.sleep(0.3)  # two ingests that wrote at once: the later write wins, the other backs off
    if busy := held_by_other():
        raise _error(busy)
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(LEASE_SECONDS / 4):
            with suppress(Exception):  # a server that is briefly away: the ingest itself will say so
                if _registry_meta(client).get(OWNER) == me:
                    _write_registry(client, {UNTIL: time.time() + LEASE_SECONDS})

    thread = threading.Thread(target=renew, name="kb-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        with suppress(Exception):
            if _registry_meta(client).get(OWNER) == me:
                _write_registry(client, {}, drop=(OWNER, UNTIL))


def _reserve(settings: Settings) -> Path | None:
    store = sum(f.stat().st_size for f in settings.chroma_dir.rglob("*") if f.is_file()) \
        if settings.chroma_dir.is_dir() else 0
    size = min(RESERVE_MAX, max(RESERVE_MIN, store // 10))
    path = settings.data_dir / ".ingest-reserve"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.posix_fallocate(fd, 0, size)
        finally:
            os.close(fd)
    except OSError as exc:
        path.unlink(missing_ok=True)
        if exc.errno in {errno.ENOSPC, errno.EDQUOT}:
            raise _error(f"less than {size >> 20} MiB free under {settings.data_dir}: free some space before "
                         "`kb ingest` (the current index keeps answering)") from exc
        return None  # a file system without fallocate: go on without the reserve
    return path


def _remove_new(client: chromadb.ClientAPI, before: set[str]) -> None:
    """Delete the collections this ingest made, unless the switch to them already happened."""
    from kb.index import PREFIX, REGISTRY, IndexError_, active_collection

    try:
        try:
            active = active_collection(client)[0]
        except IndexError_:
            active = ""
        for name in sorted(_names(client) - before):
            if name.startswith(PREFIX) and name != REGISTRY and not (active and name.startswith(active + "__")):
                client.delete_collection(name)
    except Exception as exc:  # the next ingest removes whatever is left: it keeps only the newest two indexes
        log.warning("could not remove the half-built index: %s", exc)


@contextmanager
def guarded(client: chromadb.ClientAPI, settings: Settings) -> Iterator[None]:
    """Run an ingest: alone, with a reserve on local disk, cleaned up and explained when it fails."""
    from kb.index import IndexError_

    try:
        with _lease(client, settings) if settings.chroma_url else _file_lock(settings), _cleaned(client, settings):
            yield
    except IndexError_:
        raise
    except BaseException as exc:
        if is_lost(exc, settings):  # from taking the lease to the last write
            raise _error(f"lost the Chroma server at {settings.chroma_url} during the ingest "
                         f"({type(exc).__name__}): the previous index is unchanged; run `kb ingest` again "
                         "when the server is back") from exc
        raise


@contextmanager
def _cleaned(client: chromadb.ClientAPI, settings: Settings) -> Iterator[None]:
    reserve = None if settings.chroma_url else _reserve(settings)
    before = _names(client)
    try:
        yield
    except BaseException as exc:
        full = is_full(exc) or (not settings.chroma_url and nearly_full(settings.data_dir))
        if reserve:
            reserve.unlink(missing_ok=True)  # first: the clean-up itself needs free pages
        if not is_lost(exc, settings):
            _remove_new(client, before)
        if full:
            raise _error(f"the disk under {settings.data_dir} is full: the new index was removed and the "
                         "previous one keeps answering; free some space and run `kb ingest` again") from exc
        raise
    finally:
        if reserve:
            reserve.unlink(missing_ok=True)
