"""ONNX Runtime session: the CPU default (CUDA provider when onnxruntime-gpu is installed).

State lives in numpy arrays (:mod:`engines.sessions.kv_state`). Each step hands ORT the whole
past cache and gets a one-column-longer present back, which is what the exported decoder graph
computes; on CPU that copy is small next to the matrix products. A decode loop's running batch
lives in row slots (:meth:`OrtSession.pooled`, :mod:`engines.sessions.host_slots`), so that
requests joining and leaving copy only their own rows; the plain :class:`KVState` functions
remain for everything else (encoder states, calibration, tests of one call).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import overload

import numpy as np
import onnxruntime as ort

from engines import host_phases as phase
from engines.model_dir import ModelDir
from engines.sessions import io_names
from engines.masks import Allowed, dense
from engines.sessions.base import TopK, emitted, greedy_pick, log_softmax_top_k, verified_log_probs
from engines.sessions.host_slots import HostSlotPool, PooledState
from engines.sessions.kv_state import KVState, initial_state, keep_new_columns, merge_states, select_rows

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OrtOptions:
    precision: str = "fp32"
    intra_op_threads: int = 0          # encoder, cross-K/V; 0: ORT's default (one per physical core)
    # The decoder step at small batches is ~200 tiny ops: handing them to other threads costs more
    # than it saves. ORT's threads also busy-wait between ops by default, which on a small CPU
    # shared with PostgreSQL and the proxy took twice the CPU per ASK. On 2 busy cores, greedy
    # int8-dynamic, median of 5 runs' p50: 206 ms spinning, 177 ms not, 134 ms one decoder thread.
    decoder_intra_op_threads: int = 1  # 0: same as intra_op_threads
    spinning: bool = False
    providers: tuple[str, ...] = ()    # empty: CUDA if available, then CPU


def default_providers() -> list[str]:
    """CUDA if onnxruntime-gpu can use it, then CPU."""
    available = ort.get_available_providers()
    return [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]


def _session_options(threads: int, options: OrtOptions) -> ort.SessionOptions:
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.add_session_config_entry("session.intra_op.allow_spinning", "1" if options.spinning else "0")
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return so


class OrtSession:
    backend_name = "onnxruntime"
    immutable_states = True           # encoder states (KVState) are never written (engines.decoding)
    concurrent_encode = True          # encoder runs may overlap decoder runs (engines.batcher)
    # Two decode loops may take turns at the decoder (engines.lanes: beam requests on a loop of
    # their own): each keeps its rows in a slot pool of its own. On the CPU only (set in
    # __init__): a GPU provider with two loops was not measured.
    separate_loops = False

    def __init__(self, model: ModelDir, options: OrtOptions = OrtOptions()) -> None:
        self.manifest = model.manifest
        self.vocab_size = model.manifest.vocab_size
        providers = list(options.providers) or default_providers()
        threads = {"decoder": options.decoder_intra_op_threads or options.intra_op_threads}
        self._sessions = {
            name: ort.InferenceSession(str(model.graph_path(name, options.precision)),
                                       _session_options(threads.get(name, options.intra_op_threads), options),
                                       providers=providers)
            for name in ("encoder", "cross_kv", "decoder")
        }
        self._decoder_inputs = {i.name for i in self._sessions["decoder"].get_inputs()}
        self.separate_loops = self._sessions["decoder"].get_providers()[0] == "CPUExecutionProvider"
        ids_shape = next(i.shape for i in self._sessions["decoder"].get_inputs() if i.name == "input_ids")
        # A decoder that takes several tokens a call (T5 int8-dynamic) can verify drafts.
        self.verifies_drafts = len(ids_shape) == 2 and not isinstance(ids_shape[1], int)
        self._float = np.float16 if "float16" in self._sessions["cross_kv"].get_outputs()[0].type else np.float32
        layers = model.manifest.decoder.num_layers
        self._cross = io_names.cross_names(layers)
        self._past = io_names.past_names(layers)
        self._present = io_names.present_names(layers)
        logger.info("onnxruntime session: %s precision, providers %s", options.precision, providers)

    def batch_size(self, state: KVState | PooledState) -> int:
        return state.batch_size

    def pooled(self, state: KVState) -> PooledState:
        """A decode loop's running state, seeded with ``state``'s rows: steps, verify calls,
        selects and merges of it move only the rows that change (the state is then used once:
        each call returns the next one)."""
        return HostSlotPool(state).start(state)

    def encode(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> KVState:
        hidden = self.encoder_hidden_states(input_ids, attention_mask)
        cross = self._sessions["cross_kv"].run(self._cross, {io_names.ENCODER_OUTPUT: hidden})
        return initial_state(np.ascontiguousarray(attention_mask, dtype=np.int64), tuple(cross))

    def decoder_feeds(self, state: KVState, token_ids: np.ndarray, positions: np.ndarray) -> dict[str, np.ndarray]:
        """The decoder graph's inputs for one step (also what int8 calibration records); with
        ``token_ids`` [B, S], several tokens a row (a several-tokens decoder only)."""
        batch = state.batch_size
        tokens = np.asarray(token_ids, dtype=np.int64).reshape(batch, -1)
        feeds: dict[str, np.ndarray] = {
            "input_ids": tokens,
            "encoder_attention_mask": state.encoder_mask,
            "self_attention_mask": np.concatenate([state.self_mask, np.ones(tokens.shape, dtype=np.int64)], axis=1),
            **dict(zip(self._past, state.past)),
            **dict(zip(self._cross, state.cross)),
        }
        if "positions" in self._decoder_inputs:
            feeds["positions"] = np.asarray(positions, dtype=np.int64)
        return feeds

    @overload
    def step(self, state: KVState, token_ids: np.ndarray, positions: np.ndarray,
             allowed: Allowed | None, top_k: int) -> tuple[KVState, np.ndarray, np.ndarray]: ...

    @overload
    def step(self, state: PooledState, token_ids: np.ndarray, positions: np.ndarray,
             allowed: Allowed | None, top_k: int) -> tuple[PooledState, np.ndarray, np.ndarray]: ...

    def step(self, state: KVState | PooledState, token_ids: np.ndarray, positions: np.ndarray,
             allowed: Allowed | None, top_k: int) -> tuple[KVState | PooledState, np.ndarray, np.ndarray]:
        new_state, logits = self._call(state, np.asarray(token_ids).reshape(-1), np.asarray(positions))
        phase.lap(phase.FORWARD)
        if logits.ndim == 3:                   # a several-tokens decoder, fed one token
            logits = logits[:, -1]
        scores, ids = log_softmax_top_k(logits, dense(allowed), top_k)
        phase.lap(phase.SELECT)
        return new_state, scores, ids

    def verify(self, state: KVState | PooledState, token_ids: np.ndarray, lengths: np.ndarray,
               positions: np.ndarray, allowed: Allowed | None,
               top_k: int = 1) -> tuple[KVState | PooledState, np.ndarray, np.ndarray, TopK | None]:
        """Every row's next token and draft in one call (:class:`~engines.sessions.base.DraftVerifier`):
        the best token after each fed prefix, log-probs only where greedy goes on."""
        tokens = np.asarray(token_ids, dtype=np.int64)
        new_state, logits = self._call(state, tokens, np.asarray(positions))
        phase.lap(phase.FORWARD)
        batch, width = tokens.shape
        mask = dense(allowed)
        flat = logits.reshape(batch * width, -1)
        ids = greedy_pick(flat, None if mask is None else mask.reshape(batch * width, -1)).reshape(batch, width)
        counts = emitted(ids, tokens, lengths)
        first = None if top_k == 1 else log_softmax_top_k(logits[:, 0], None if mask is None else mask[:, 0], top_k)
        scores = verified_log_probs(logits, ids, counts, mask)
        phase.lap(phase.SELECT)
        return new_state, scores, ids, first

    def _call(self, state: KVState | PooledState, tokens: np.ndarray,
              positions: np.ndarray) -> tuple[KVState | PooledState, np.ndarray]:
        """One decoder call; for pooled rows over slots [0, rows), the logits of the live rows
        (the loop's order) and the pool's next state."""
        if isinstance(state, KVState):
            return self._run_decoder(self.decoder_feeds(state, tokens, positions), state)
        pool = state.pool
        state = pool.prepare(state)
        kv = pool.as_kv()
        tokens = pool.feed(state, np.asarray(tokens, dtype=np.int64), 0)
        positions = pool.feed(state, np.asarray(positions, dtype=np.int64), 0)
        after, logits = self._run_decoder(self.decoder_feeds(kv, tokens, positions), kv)
        return pool.advance(state, after), logits[state.slots]

    def _run_decoder(self, feeds: dict[str, np.ndarray], state: KVState) -> tuple[KVState, np.ndarray]:
        logits, *present = self._sessions["decoder"].run([io_names.LOGITS, *self._present], feeds)
        return KVState(state.encoder_mask, state.cross, tuple(present), feeds["self_attention_mask"]), logits

    def accept(self, state: KVState | PooledState, kept: np.ndarray, width: int) -> KVState | PooledState:
        """Drop each row's rejected draft columns (:func:`engines.sessions.kv_state.keep_new_columns`)."""
        if isinstance(state, PooledState):
            return state.pool.accept(state, kept, width)
        return keep_new_columns(state, kept, width)

    def encoder_hidden_states(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        (hidden,) = self._sessions["encoder"].run([io_names.ENCODER_OUTPUT], {
            "input_ids": np.ascontiguousarray(input_ids, dtype=np.int64),
            "attention_mask": np.ascontiguousarray(attention_mask, dtype=np.int64)})
        return hidden

    def select(self, state: KVState | PooledState, rows: np.ndarray) -> KVState | PooledState:
        if isinstance(state, PooledState):
            return state.pool.select(state, rows)
        return select_rows(state, rows)

    def merge(self, first: KVState | PooledState, second: KVState) -> KVState | PooledState:
        if isinstance(first, PooledState):
            return first.pool.place(first, second)
        return merge_states(first, second)
