"""The local Chroma store under the data dir: opened read-only safely, a damaged one named, a replaced one noticed.

- Read-only (a booth laptop may mount the index read-only): Chroma's engine writes on open even to
  read ("attempt to write a readonly database"), so the store is copied to a private snapshot
  under the temp dir and answered from there; nothing is written to the data dir.
- Damaged (garbage in the sqlite file): one line saying what to do, `kb ingest --rebuild`, which
  sets the store aside (never deletes it) and builds anew.
- Pinned (`kb serve`): answered from a private copy, so a deleted store leaves it answering.
- Replaced (`rm -rf <data>/chroma` and a new ingest under a running `kb serve`): Chroma keeps one
  engine per path per process, still reading the deleted file; a new file gets a new engine.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import chromadb

from kb.settings import Settings

DAMAGED = ("file is not a database", "malformed", "unsupported file format", "database corrupt",
           "not a valid", "no such table")
_lock = threading.Lock()
_seen: dict[str, tuple[tuple[int, int] | None, int]] = {}  # store dir -> (sqlite file identity, generation)
_snapshots: dict[tuple, Path] = {}


def sqlite_file(directory: Path) -> Path:
    return directory / "chroma.sqlite3"


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def writable(directory: Path) -> bool:
    """Whether files can be written in `directory` (or, if it does not exist yet, where it would be made)."""
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    return os.access(directory, os.W_OK)


def _copy(directory: Path, prefix: str) -> Path:
    """A private copy of a store under the temp dir, removed at exit.

    The SQLite file is copied with its backup API (consistent while an ingest writes); the vector
    segments are copied as they are (the active index's are written before the registry points at
    it), skipping files an ingest deletes mid-copy (an older index, never answered from).
    """
    import sqlite3

    copy = Path(tempfile.mkdtemp(prefix=prefix)) / "chroma"
    atexit.register(shutil.rmtree, copy.parent, True)

    def _skip_vanished(src: str, dst: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            shutil.copy2(src, dst)

    shutil.copytree(directory, copy, ignore=shutil.ignore_patterns("chroma.sqlite3*"),
                    copy_function=_skip_vanished)
    try:
        source = sqlite3.connect(f"file:{sqlite_file(directory)}?mode=ro", uri=True)
        target = sqlite3.connect(sqlite_file(copy))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    except sqlite3.DatabaseError:  # garbage in the file: copied as it is, so opening it names the damage
        for path in directory.glob("chroma.sqlite3*"):
            shutil.copy2(path, copy / path.name)
    return copy


def snapshot(directory: Path) -> Path:
    """A private copy of a read-only store, made once per version of its files."""
    st = sqlite_file(directory).stat()
    key = (str(directory), st.st_ino, st.st_size, st.st_mtime_ns)
    with _lock:
        if key not in _snapshots:
            _snapshots[key] = _copy(directory, "bridgehead-readonly-")
        return _snapshots[key]


def pinned(directory: Path) -> Path:
    """A private copy of a local store for a long-running server, so deleting the data dir cannot stop it.

    Chroma's SQLite pool opens new connections by path while it answers: with `<data>/chroma` deleted
    under a running bot, 1 question in 5 failed ("unable to open database file", measured in-process).
    """
    return _copy(directory, "bridgehead-live-")


def release(directory: Path) -> None:
    """Delete a copy `pinned` made (once no question reads from it)."""
    if directory.parent.name.startswith("bridgehead-live-"):
        shutil.rmtree(directory.parent, ignore_errors=True)


def _spelling(directory: Path, fresh: bool = False) -> str:
    """The path to give Chroma: the same string while the store's file is the same, a new one once replaced."""
    ident = _identity(sqlite_file(directory))
    with _lock:
        seen, generation = _seen.get(str(directory), (ident, 0))
        if fresh or (ident is not None and seen is not None and ident != seen):
            generation += 1
        _seen[str(directory)] = (ident, generation)
    # "dir/./." is the same directory to the file system and a new engine to Chroma.
    return str(directory) + "/." * generation


def replaced(directory: Path) -> bool:
    """Whether the store's file is no longer the one this process opened (deleted, rebuilt, restored)."""
    ident = _identity(sqlite_file(directory))
    with _lock:
        seen = _seen.get(str(directory))
    return seen is not None and ident != seen[0]


def damaged_message(directory: Path, exc: BaseException) -> str | None:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if not any(d in reason.lower() for d in DAMAGED):
        return None
    return (f"the index store {directory} is damaged ({reason}): run `kb ingest --rebuild` to set it aside "
            "and build a new one, or restore it from a backup")


def local_client(settings: Settings, chroma_settings: chromadb.config.Settings,
                 pin: bool = False) -> chromadb.ClientAPI:
    """The data dir's store, read-only safe and damage aware; with `pin`, a private copy of it (see `pinned`)."""
    from kb.index import IndexError_

    directory = settings.chroma_dir
    if not writable(directory):
        if not sqlite_file(directory).is_file():
            raise IndexError_(f"no index yet under {settings.data_dir}, and it is read-only: run `kb ingest` "
                              "where it can be written")
        directory = snapshot(directory)
    elif pin and sqlite_file(directory).is_file():
        directory = pinned(directory)
    else:
        directory.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=_spelling(directory), settings=chroma_settings)
    except Exception as exc:
        _spelling(directory, fresh=True)  # Chroma keeps a failed engine per path: the next open needs another
        message = damaged_message(settings.chroma_dir, exc)
        raise IndexError_(message or f"cannot open the index store {settings.chroma_dir}: {exc}") from exc


def set_aside(settings: Settings) -> Path | None:
    """Move the local store out of the way for `kb ingest --rebuild`; where it went (None if there was none)."""
    from kb.index import IndexError_

    if settings.chroma_url:
        raise IndexError_("--rebuild sets aside a store under the data dir; with KB_CHROMA_URL, restore the "
                          "server's store or delete its bridgehead_* collections")
    if not settings.chroma_dir.exists():
        return None
    if not writable(settings.data_dir):
        raise IndexError_(f"the data dir {settings.data_dir} is read-only: `kb ingest` needs to write there")
    target = settings.data_dir / f"chroma.broken-{time.strftime('%Y%m%d%H%M%S')}"
    n = 1
    while target.exists():
        target, n = settings.data_dir / f"chroma.broken-{time.strftime('%Y%m%d%H%M%S')}-{n}", n + 1
    os.rename(settings.chroma_dir, target)
    return target
