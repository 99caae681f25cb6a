"""CPU cost per client message of the Python relay's framed path, without sockets.

The session of the tree on PYTHONPATH (``Session._relay_client_frames``: framing, the relay's
decision, the bytes queued upstream) with ASK on and a schema cache watched, so Query and Parse
are never taken by the fast lane; each request's answer is routed back through the relay. CPU
time (``process_time``), best of 15 runs of 20,000, so a loaded machine moves it little. To
compare two commits, run it alternately on both trees:

    PYTHONPATH=. python bench/relay_step.py
    PYTHONPATH=/tmp/base python bench/relay_step.py    # git archive <commit> | tar -x -C /tmp/base
"""
import time
from proxy.config import Config
from proxy.cancel_registry import CancelRegistry
from proxy.metrics import Metrics
from proxy.session import Session, SessionServices
from proxy.wire import messages as m
from proxy.wire.framing import Frame

class W:
    transport = None
    def writelines(self, data): pass
    def write(self, data): pass
    def is_closing(self): return False
    def get_extra_info(self, name): return None

class Cache:
    def invalidate_all(self): pass
    def invalidate_database(self, db): pass

services = SessionServices(Config(), CancelRegistry(), Metrics(), schema_cache=Cache())
s = Session(1, None, W(), services)
s._up_writer = W()
s.relay.on_server_frame(Frame(ord("Z"), m.ready_for_query("I")))
s.relay.logged_in()
q = m.query("SELECT abalance FROM pgbench_accounts WHERE aid = 42;")
ext = (m.parse("", "SELECT abalance FROM pgbench_accounts WHERE aid = $1") + m.bind("", "")
       + m.execute("") + m.SYNC)
answers = {"Q": [Frame(ord("Z"), m.ready_for_query("I"))],
           "PBES": [Frame(ord("1"), b"1\x00\x00\x00\x04"), Frame(ord("2"), b"2\x00\x00\x00\x04"),
                    Frame(ord("C"), m.command_complete("SELECT 1")),
                    Frame(ord("Z"), m.ready_for_query("I"))]}

def run(kind, data, n=20_000):
    best = 1e9
    for _ in range(15):
        t = time.process_time()
        for _ in range(n):
            s.client_framer.feed(data)
            assert s._relay_client_frames() is None
            for a in answers[kind]:
                s.relay.on_server_frame(a)
        best = min(best, time.process_time() - t)
    assert s.relay.tracker.idle
    return best / n * 1e6


if __name__ == "__main__":
    print(f"Query {run('Q', q):.2f} µs; Parse+Bind+Execute+Sync {run('PBES', ext):.2f} µs "
          "(per message group, the answers routed back included)")
