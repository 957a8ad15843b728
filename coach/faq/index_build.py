"""The FAQ index of one pack, built once, off the thread that asks for it.

Building the index (folding and stemming every word of every entry) costs ~75 ms of CPU for the
default pack and about a second at 10,000 entries, and rapidfuzz and the stemmer weigh ~6 MiB:
so it is built on first need only, by whoever calls :meth:`IndexBuild.run` (the app: in a thread
worker), and the screens and the palette wait for it with :meth:`IndexBuild.wait`, which never
blocks the event loop.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

from coach.faq.search import FaqIndex
from coach.system.collector import collector_paused

if TYPE_CHECKING:
    from coach.pack.model import FaqEntry, Pack


class IndexBuild:
    """One pack's FAQ index: asked for at once, built once, ready later."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._future: Future[FaqIndex] = Future()
        self._claimed = threading.Lock()

    @property
    def entries(self) -> tuple[FaqEntry, ...]:
        """The entries the index is (or will be) of: a build of other entries is stale."""
        return self.pack.faq

    def run(self) -> None:
        """Build the index (once: later calls return at once); meant for a worker thread."""
        if not self._claimed.acquire(blocking=False):
            return
        try:
            with collector_paused():  # tens of thousands of lasting objects at 10k entries
                index = FaqIndex.for_pack(self.pack)
        except BaseException as exc:
            self._future.set_exception(exc)
            raise
        self._future.set_result(index)

    def ready(self) -> FaqIndex | None:
        """The index if it is built (``None`` meanwhile, and if building it failed)."""
        if self._future.done() and self._future.exception() is None:
            return self._future.result()
        return None

    async def wait(self) -> FaqIndex:
        """The index, once built: awaits without blocking the loop (raises what the build
        raised)."""
        return await asyncio.wrap_future(self._future)
