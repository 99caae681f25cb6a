"""The decode loop's host work per call that scales with rows, alone (not a test): what a GPU
call at 256 rows pays on the host around a 0.25 ms graph replay. Thread CPU time, median of
five, steadier than wall time on a shared VM. Runs against any tree (ROOT: the repository to
import, e.g. an export of an older commit, so before and after run the same script):
(a) 40 four-beam searches advancing 20 steps; (b) a verify call's masks at 256 rows x 9
positions, one in eight constrained by 24 distinct cached masks, through to what the static
torch session writes into its pinned staging buffers (a dense fill before, the table and row
numbers now); (c) a step's masks at 256 rows likewise, hook calls excluded.

    python bench/host_row_costs.py /tmp/base   # then: python bench/host_row_costs.py .
"""
import sys, time
root = sys.argv[1] if len(sys.argv) > 1 else "."
sys.path.insert(0, root)
import numpy as np
from engines.generation import GenerationRequest
from engines.search_strategies import BeamSearch
from engines.model_dir import SpecialTokens
from engines.decoding import DecodeLoop
V, ROWS, W = 8001, 256, 9
rng = np.random.default_rng(0)

def t(fn, reps):
    best = []
    for _ in range(5):
        s = time.thread_time(); fn() if reps == 1 else [fn() for _ in range(reps)]; best.append((time.thread_time() - s) / reps)
    return 1e6 * float(np.median(best))

# (a) 40 four-beam searches advancing, K = 8
def beams():
    ss = [BeamSearch(GenerationRequest([5], max_new_tokens=60, num_beams=4, num_return_sequences=4), 1, 0) for _ in range(40)]
    sc = -np.sort(rng.random((20, 160, 8)).astype(np.float32), axis=2); ids = rng.integers(2, V, (20, 160, 8))
    return ss, sc, ids
try:
    from engines.search_strategies import advance_beams
except ImportError:
    advance_beams = None
def run_beams():
    ss, sc, ids = beams()
    for step in range(20):
        if advance_beams is None:
            for j, s in enumerate(ss): s.advance(sc[step, 4*j:4*j+4], ids[step, 4*j:4*j+4])
        else:
            advance_beams(ss, sc[step], ids[step])
us = t(run_beams, 1) / 20
print(f"beam advance, 40 x 4 beams: {us:.0f} us per call ({us/160:.2f} us per row)")

# (b) a verify call's masks: 256 rows x 9 positions, 1 in 8 constrained, 24 distinct cached masks
class Sess: vocab_size = V; verifies_drafts = False
masks = [np.random.default_rng(i).random(V) < 0.01 for i in range(24)]
class Hook:
    def __call__(self, p): return None
    def along(self, tokens, start):
        return [masks[(start + i) % 24] if (start + i + len(tokens)) % 8 == 0 else None for i in range(len(tokens) - start + 1)]
loop = DecodeLoop(Sess(), SpecialTokens(0, 1, 0), 512)
prefixes = [list(range(10 + r % 7)) for r in range(ROWS)]
fed = [[3] * W for _ in range(ROWS)]
hooks = [Hook()] * ROWS
slots = rng.permutation(ROWS)
stage = np.ones((ROWS, W, V), dtype=bool)
def verify_masks():
    allowed = loop._draft_masks(prefixes, fed, hooks, W)
    if isinstance(allowed, np.ndarray):          # base: the static session fills its staging buffer
        stage[:ROWS] = True; stage[slots, :W] = allowed
    else:                                        # new: table and row numbers into staging buffers
        tab = np.empty((64, V), dtype=bool); tab[:len(allowed.table)] = allowed.table
        grid = np.empty((ROWS, W), dtype=np.int64); grid[:] = 0; grid[slots, :W] = allowed.index
us = t(verify_masks, 3)
print(f"verify masks 256 x 9, host side: {us:.0f} us per call ({us/ROWS:.2f} us per row)")
def step_masks():
    found = [(r, masks[r % 24]) for r in range(0, ROWS, 8)]
    from engines import decoding
    if hasattr(decoding, "MaskBuffer"):
        buf = loop._mask_buffer; m = buf.take((ROWS, V))
        for r, mk in found: buf.put(m, (r,), mk)
        stage[:ROWS, 0] = True; stage[slots, 0] = m
    else:
        from engines.masks import MaskTable
        table = MaskTable(); index = [0] * ROWS
        for r, mk in found: index[r] = table.row(mk)
        rows = table.rows(np.asarray(index, dtype=np.int64), V)
        tab = np.empty((64, V), dtype=bool); tab[:len(rows.table)] = rows.table
        grid = np.zeros(ROWS, dtype=np.int64); grid[slots] = rows.index
us = t(step_masks, 5)
print(f"step masks 256 rows, host side (hook calls excluded): {us:.0f} us per call ({us/ROWS:.2f} us per row)")
