"""The in-process text-to-SQL inference engine.

Export (``engines.export``, needs torch/transformers) is kept apart from the runtime
(``model_dir``, ``sessions``, ``generation``, ``decoding``, ``engine``, ``batcher``), which
imports only numpy, onnxruntime and tokenizers so that a CPU deployment never loads torch.
"""
