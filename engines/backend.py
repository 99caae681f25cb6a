"""Backend and precision selection: ``auto`` picks TensorRT, then torch CUDA, then ONNX Runtime on CPU.

The probe is a pure function of what is importable and whether a GPU is present, so the
choice is testable without either. Precision ``auto`` is each backend's own default: the
dynamically quantized decoder (``int8-dynamic``) for ONNX Runtime on CPU when the model
directory has it, fp32 otherwise (and always for TensorRT, torch and ONNX Runtime on CUDA).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass

from engines.model_dir import INT8_DYNAMIC, ModelDir
from engines.sessions.base import Seq2SeqSession

logger = logging.getLogger(__name__)

BACKENDS = ("auto", "onnxruntime", "torch", "tensorrt")
AUTO = "auto"
DEFAULT_MAX_DRAFT = 8       # drafted tokens a row per decoder call ([engine] max_draft)
MAX_DRAFT_LIMIT = 64        # its bound (the torch static verify step is one wider)


@dataclass(frozen=True, slots=True)
class Platform:
    tensorrt_importable: bool
    torch_cuda: bool
    cuda_device: bool


def probe_platform() -> Platform:
    tensorrt = importlib.util.find_spec("tensorrt") is not None and importlib.util.find_spec("cuda") is not None
    torch_cuda = False
    if importlib.util.find_spec("torch") is not None:
        import torch   # only probed when installed; the CPU runtime never needs it
        torch_cuda = bool(torch.cuda.is_available())
    return Platform(tensorrt_importable=tensorrt, torch_cuda=torch_cuda, cuda_device=torch_cuda or _nvidia_device())


def _nvidia_device() -> bool:
    import os
    return os.path.exists("/dev/nvidia0") or os.path.exists("/dev/nvidiactl")


def choose_backend(requested: str, platform: Platform) -> str:
    if requested not in BACKENDS:
        raise ValueError(f"unknown backend {requested!r}; choose from {BACKENDS}")
    if requested != "auto":
        return requested
    if platform.tensorrt_importable and platform.cuda_device:
        return "tensorrt"
    if platform.torch_cuda:
        return "torch"
    return "onnxruntime"


def choose_precision(requested: str, backend: str, model: ModelDir, ort_on_cpu: Callable[[], bool]) -> str:
    """``auto``: int8-dynamic for ONNX Runtime on CPU if the model has it, else fp32."""
    if requested != AUTO:
        return requested
    if backend == "onnxruntime" and model.has_precision(INT8_DYNAMIC) and ort_on_cpu():
        return INT8_DYNAMIC
    return "fp32"


def _ort_on_cpu() -> bool:
    from engines.sessions.ort import default_providers
    return "CUDAExecutionProvider" not in default_providers()


def resolve(model: ModelDir, backend: str, precision: str,
            probe: Callable[[], Platform] = probe_platform) -> tuple[str, str]:
    """The (backend, precision) that ``backend`` and ``precision``, either maybe ``auto``, mean here."""
    chosen = choose_backend(backend, probe() if backend == AUTO else Platform(False, False, False))
    return chosen, choose_precision(precision, chosen, model, _ort_on_cpu)


def open_session(model: ModelDir, backend: str, precision: str,
                 probe: Callable[[], Platform] = probe_platform, max_draft: int = DEFAULT_MAX_DRAFT) -> Seq2SeqSession:
    """``max_draft``: drafted tokens a row may feed one decoder call; the torch static
    session's verify step is that plus one wide (the other sessions take any width)."""
    chosen, precision = resolve(model, backend, precision, probe)
    logger.info("engine backend: %s (requested %s, precision %s)", chosen, backend, precision)
    if chosen == "tensorrt":
        from engines.sessions.trt import TrtSession
        return TrtSession(model, precision=precision)
    if chosen == "torch":
        from engines.sessions.torch_session import TorchSession
        return TorchSession.from_model_dir(model, precision=precision, verify_width=max_draft + 1)
    from engines.sessions.ort import OrtOptions, OrtSession
    return OrtSession(model, OrtOptions(precision=precision))
