"""Cancel keys -> live sessions, so a CancelRequest reaches the right upstream backend.

BackendKeyData is relayed unchanged, so the key a client holds is the upstream's own; the
registry only needs to know which session (and so which upstream server) it belongs to. With
several worker processes a key may belong to a sibling's session: ``forward`` (set by
:class:`proxy.sibling_route.SiblingRoute`) then stands in for the session this worker lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Cancellable(Protocol):
    async def cancel(self, packet: bytes) -> None: ...


class CancelRegistry:
    def __init__(self) -> None:
        self._sessions: dict[tuple[int, bytes], Cancellable] = {}
        self.forward: Callable[[int, bytes], Cancellable] | None = None

    def add(self, pid: int, key: bytes, session: Cancellable) -> None:
        self._sessions[(pid, key)] = session

    def remove(self, pid: int, key: bytes) -> None:
        self._sessions.pop((pid, key), None)

    def get(self, pid: int, key: bytes) -> Cancellable | None:
        """This worker's session of the key, else the route to the siblings (if any)."""
        found = self._sessions.get((pid, key))
        if found is None and self.forward is not None:
            return self.forward(pid, key)
        return found

    def local(self, pid: int, key: bytes) -> Cancellable | None:
        return self._sessions.get((pid, key))

    def __len__(self) -> int:
        return len(self._sessions)
