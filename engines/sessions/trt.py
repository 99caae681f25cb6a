"""TensorRT >= 10 session (named tensors only: no binding indices, no max_workspace_size).

Each ONNX graph is parsed into a strongly typed network (precision comes from the graph
itself: the fp16 or int8 Q/DQ variants; TensorRT 11 has no FP16/INT8 builder flags), with one
optimisation profile spanning batch x beams and the sequence lengths. Built plans are cached on
disk under a key of graph sha256 + TensorRT version + compute capability + profile, and a
timing cache is shared between builds. A progress bar (IProgressMonitor) reports long builds.
At run time every I/O tensor has a device buffer preallocated for the profile's maximum shape;
a step sets input shapes, tensor addresses and calls ``execute_async_v3`` on the session's own
CUDA stream (cuda-python ``cuda.bindings.runtime``).

Limitation: the decoder state is kept in host numpy arrays (:mod:`engines.sessions.kv_state`)
and copied to the device buffers each step; a device-resident cache is the next step. The class
cannot run on our build machines (no TensorRT there); its tests skip with that reason.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import tensorrt as trt
from cuda.bindings import runtime as cudart

from engines.masks import Allowed, dense
from engines.model_dir import ModelDir
from engines.sessions import io_names
from engines.sessions.base import log_softmax_top_k
from engines.sessions.kv_state import KVState, initial_state, merge_states, select_rows

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TrtProfile:
    max_batch: int = 64        # rows = requests x beams
    opt_batch: int = 8
    max_source: int = 512
    max_target: int = 256

    def ranges(self, tensor: str) -> dict[int, tuple[int, int, int]]:
        """Per dynamic axis: (min, opt, max)."""
        batch = (1, self.opt_batch, self.max_batch)
        source = (1, 128, self.max_source)
        past = (1, 32, self.max_target + 1)
        total = (2, 33, self.max_target + 2)
        if tensor in io_names.ENCODER_INPUTS or tensor in ("encoder_attention_mask", io_names.ENCODER_OUTPUT):
            return {0: batch, 1: source}
        if tensor.startswith("cross."):
            return {0: batch, 2: source}
        if tensor.startswith("past."):
            return {0: batch, 2: past}
        if tensor.startswith("present."):
            return {0: batch, 2: total}
        if tensor == "self_attention_mask":
            return {0: batch, 1: total}
        return {0: batch}


def _check(result: Any) -> Any:
    err, *rest = result if isinstance(result, tuple) else (result,)
    if err != cudart.cudaError_t.cudaSuccess:
        raise RuntimeError(f"CUDA error {err}")
    return rest[0] if len(rest) == 1 else rest


class BuildProgress(trt.IProgressMonitor):
    def __init__(self) -> None:
        trt.IProgressMonitor.__init__(self)
        self._steps: dict[str, int] = {}

    def phase_start(self, phase_name: str, parent_phase: str | None, num_steps: int) -> None:
        self._steps[phase_name] = num_steps

    def step_complete(self, phase_name: str, step: int) -> bool:
        total = max(self._steps.get(phase_name, 1), 1)
        sys.stderr.write(f"\rTensorRT build: {phase_name} {step + 1}/{total}")
        return True   # False would cancel the build

    def phase_finish(self, phase_name: str) -> None:
        sys.stderr.write("\n")


def compute_capability() -> tuple[int, int]:
    device = _check(cudart.cudaGetDevice())
    major = _check(cudart.cudaDeviceGetAttribute(cudart.cudaDeviceAttr.cudaDevAttrComputeCapabilityMajor, device))
    minor = _check(cudart.cudaDeviceGetAttribute(cudart.cudaDeviceAttr.cudaDevAttrComputeCapabilityMinor, device))
    return int(major), int(minor)


def engine_key(graph_sha256: str, profile: TrtProfile) -> str:
    major, minor = compute_capability()
    text = f"{graph_sha256}|trt{trt.__version__}|sm{major}{minor}|{profile}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class TrtEngineBuilder:
    def __init__(self, trt_logger: trt.ILogger, cache_dir: Path, profile: TrtProfile,
                 workspace_bytes: int = 4 << 30) -> None:
        self.logger = trt_logger
        self.cache_dir = cache_dir
        self.profile = profile
        self.workspace_bytes = workspace_bytes
        cache_dir.mkdir(parents=True, exist_ok=True)

    def plan(self, onnx_path: Path, sha256: str) -> bytes:
        path = self.cache_dir / f"{onnx_path.stem}-{engine_key(sha256, self.profile)}.plan"
        if path.is_file():
            return path.read_bytes()
        logger.info("building TensorRT engine for %s (cached at %s)", onnx_path.name, path)
        data = self._build(onnx_path)
        path.write_bytes(data)
        return data

    def _build(self, onnx_path: Path) -> bytes:
        builder = trt.Builder(self.logger)
        network = builder.create_network(1 << int(trt.NetworkDefinitionCreationFlag.STRONGLY_TYPED))
        parser = trt.OnnxParser(network, self.logger)
        if not parser.parse_from_file(str(onnx_path)):
            errors = "; ".join(str(parser.get_error(i)) for i in range(parser.num_errors))
            raise RuntimeError(f"TensorRT could not parse {onnx_path}: {errors}")
        config = builder.create_builder_config()
        config.set_memory_pool_limit(trt.MemoryPoolType.WORKSPACE, self.workspace_bytes)
        config.progress_monitor = BuildProgress()
        timing_path = self.cache_dir / "timing.cache"
        timing = config.create_timing_cache(timing_path.read_bytes() if timing_path.is_file() else b"")
        config.set_timing_cache(timing, ignore_mismatch=False)
        config.add_optimization_profile(self._profile(builder, network))
        serialized = builder.build_serialized_network(network, config)
        if serialized is None:
            raise RuntimeError(f"TensorRT failed to build {onnx_path}")
        timing_path.write_bytes(bytes(config.get_timing_cache().serialize()))
        return bytes(serialized)

    def _profile(self, builder: trt.Builder, network: trt.INetworkDefinition) -> trt.IOptimizationProfile:
        profile = builder.create_optimization_profile()
        for i in range(network.num_inputs):
            tensor = network.get_input(i)
            shapes = [list(tensor.shape) for _ in range(3)]
            for axis, bounds in self.profile.ranges(tensor.name).items():
                for which in range(3):
                    shapes[which][axis] = bounds[which]
            profile.set_shape(tensor.name, *[tuple(s) for s in shapes])
        return profile


class _Graph:
    """One engine + context with preallocated device buffers for its largest shapes."""

    def __init__(self, runtime: trt.Runtime, plan: bytes, stream: Any) -> None:
        self.engine = runtime.deserialize_cuda_engine(plan)
        self.context = self.engine.create_execution_context()
        self.stream = stream
        self.buffers: dict[str, int] = {}
        self.dtypes: dict[str, np.dtype] = {}
        self.inputs: list[str] = []
        for i in range(self.engine.num_io_tensors):
            name = self.engine.get_tensor_name(i)
            self.dtypes[name] = np.dtype(trt.nptype(self.engine.get_tensor_dtype(name)))
            if self.engine.get_tensor_mode(name) == trt.TensorIOMode.INPUT:
                self.inputs.append(name)
            max_shape = self._max_shape(name)
            self.buffers[name] = _check(cudart.cudaMalloc(int(np.prod(max_shape)) * self.dtypes[name].itemsize))
            self.context.set_tensor_address(name, self.buffers[name])

    def _max_shape(self, name: str) -> tuple[int, ...]:
        if self.engine.get_tensor_mode(name) == trt.TensorIOMode.INPUT:
            return tuple(self.engine.get_tensor_profile_shape(name, 0)[2])
        return tuple(d if d >= 0 else 0 for d in self.engine.get_tensor_shape(name))

    def run(self, feeds: dict[str, np.ndarray], outputs: list[str]) -> list[np.ndarray]:
        for name in self.inputs:
            array = np.ascontiguousarray(feeds[name], dtype=self.dtypes[name])
            self.context.set_input_shape(name, array.shape)
            _check(cudart.cudaMemcpyAsync(self.buffers[name], array.ctypes.data, array.nbytes,
                                          cudart.cudaMemcpyKind.cudaMemcpyHostToDevice, self.stream))
        if not self.context.execute_async_v3(int(self.stream)):
            raise RuntimeError("TensorRT execution failed")
        results = []
        for name in outputs:
            host = np.empty(tuple(self.context.get_tensor_shape(name)), dtype=self.dtypes[name])
            _check(cudart.cudaMemcpyAsync(host.ctypes.data, self.buffers[name], host.nbytes,
                                          cudart.cudaMemcpyKind.cudaMemcpyDeviceToHost, self.stream))
            results.append(host)
        _check(cudart.cudaStreamSynchronize(self.stream))
        return results

    def close(self) -> None:
        for pointer in self.buffers.values():
            _check(cudart.cudaFree(pointer))
        self.buffers.clear()


class TrtSession:
    backend_name = "tensorrt"

    def __init__(self, model: ModelDir, precision: str = "fp16", cache_dir: Path | None = None,
                 profile: TrtProfile = TrtProfile()) -> None:
        self.manifest = model.manifest
        self.vocab_size = model.manifest.vocab_size
        self._logger = trt.Logger(trt.Logger.WARNING)
        self._stream = _check(cudart.cudaStreamCreate())
        builder = TrtEngineBuilder(self._logger, cache_dir or model.path / "trt_cache", profile)
        runtime = trt.Runtime(self._logger)
        self._graphs = {
            name: _Graph(runtime, builder.plan(model.graph_path(name, precision), model.graph_hash(name, precision)),
                         self._stream)
            for name in ("encoder", "cross_kv", "decoder")
        }
        layers = model.manifest.decoder.num_layers
        self._cross, self._past = io_names.cross_names(layers), io_names.past_names(layers)
        self._outputs = io_names.decoder_outputs(layers)
        logger.info("tensorrt %s session: %s precision, sm%d%d", trt.__version__, precision, *compute_capability())

    def batch_size(self, state: KVState) -> int:
        return state.batch_size

    def encode(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> KVState:
        mask = np.asarray(attention_mask, dtype=np.int64)
        (hidden,) = self._graphs["encoder"].run({"input_ids": input_ids, "attention_mask": mask},
                                                [io_names.ENCODER_OUTPUT])
        cross = self._graphs["cross_kv"].run({io_names.ENCODER_OUTPUT: hidden}, self._cross)
        return initial_state(mask, tuple(cross))

    def step(self, state: KVState, token_ids: np.ndarray, positions: np.ndarray,
             allowed: Allowed | None, top_k: int) -> tuple[KVState, np.ndarray, np.ndarray]:
        batch = state.batch_size
        self_mask = np.concatenate([state.self_mask, np.ones((batch, 1), dtype=np.int64)], axis=1)
        feeds = {"input_ids": np.asarray(token_ids).reshape(batch, 1), "positions": positions,
                 "encoder_attention_mask": state.encoder_mask, "self_attention_mask": self_mask,
                 **dict(zip(self._past, state.past)), **dict(zip(self._cross, state.cross))}
        logits, *present = self._graphs["decoder"].run(feeds, self._outputs)
        scores, ids = log_softmax_top_k(logits, dense(allowed), top_k)
        return KVState(state.encoder_mask, state.cross, tuple(present), self_mask), scores, ids

    def select(self, state: KVState, rows: np.ndarray) -> KVState:
        return select_rows(state, rows)

    def merge(self, first: KVState, second: KVState) -> KVState:
        return merge_states(first, second)

    def close(self) -> None:
        for graph in self._graphs.values():
            graph.close()
        _check(cudart.cudaStreamDestroy(self._stream))
