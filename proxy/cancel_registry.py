"""Cancel keys -> live sessions, so a CancelRequest reaches the right upstream backend.

BackendKeyData is relayed unchanged, so the key a client holds is the upstream's own; the
registry only needs to know which session (and so which upstream server) it belongs to.
"""

from __future__ import annotations

from typing import Protocol


class Cancellable(Protocol):
    async def cancel(self, packet: bytes) -> None: ...


class CancelRegistry:
    def __init__(self) -> None:
        self._sessions: dict[tuple[int, bytes], Cancellable] = {}

    def add(self, pid: int, key: bytes, session: Cancellable) -> None:
        self._sessions[(pid, key)] = session

    def remove(self, pid: int, key: bytes) -> None:
        self._sessions.pop((pid, key), None)

    def get(self, pid: int, key: bytes) -> Cancellable | None:
        return self._sessions.get((pid, key))

    def __len__(self) -> int:
        return len(self._sessions)
