"""Live: a Bridgehead that moves to the newest index when another process finishes an ingest."""

from __future__ import annotations

import logging
import threading
from typing import Any

from kb.chain import Bridgehead
from kb.index import active_collection, open_client
from kb.store import release, replaced, sqlite_file

log = logging.getLogger(__name__)


class LiveBridgehead:
    """Answers like the Bridgehead it wraps; a background thread swaps in a new one when the index changes.

    Several `kb serve` replicas share one Chroma server and one `kb ingest` switches its pointer:
    each replica notices within `settings.reload_seconds`, loads the new index beside the old one
    (reusing the embedding model) and swaps it in with one assignment. Built with `pin`, each bot
    answers from a private copy of a local store, so deleting the data dir does not stop it. A question holds the bot it
    started with, so no answer mixes two indexes, and nothing waits for the load.
    """

    def __init__(self, bot: Bridgehead) -> None:
        self.bot = bot
        self._retired: Bridgehead | None = None  # the bot before: questions may still be reading its copy
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.bot, name)

    def check(self) -> bool:
        """Load the active index if it is not the one answering; whether it switched."""
        current = self.bot
        if not current.settings.chroma_url and replaced(current.settings.chroma_dir) \
                and not sqlite_file(current.settings.chroma_dir).is_file():
            return False  # deleted and not rebuilt yet: keep answering from the loaded index until it is
        # A store deleted and rebuilt under us is a new file: open_client then gives a new engine (kb/store.py).
        name, _ = active_collection(open_client(current.settings))
        if name == current.index_name:
            return False
        fresh = Bridgehead(current.settings, current.embeddings, pin=current.index.pinned is not None)
        self.bot = fresh
        if self._retired is not None and self._retired.index.pinned is not None:
            release(self._retired.index.pinned)  # two swaps ago: no question still holds it
        self._retired = current
        log.info("answering from %s (was %s)", fresh.index_name, current.index_name)
        return True

    def start(self) -> LiveBridgehead:
        every = self.bot.settings.reload_seconds
        if every > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._watch, args=(every,), name="kb-reload", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _watch(self, every: float) -> None:
        while not self._stop.wait(every):
            try:
                self.check()
            except Exception as exc:  # a store that is briefly away: keep answering from the loaded index
                log.warning("index check failed, still answering from %s: %s", self.bot.index_name, exc)
