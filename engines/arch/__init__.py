"""The decoder of each architecture, defined once: export, the torch runtime and training share it.

``t5.py`` and ``bart.py`` hold a decoder layer's arithmetic (norms, residuals, feed-forward,
the final norm and projection, T5's position bias) over the HuggingFace model's own submodules
and weights. What differs between their users is only how attention reads and writes its keys
and values, so a layer takes an :class:`~engines.arch.attention.Attention` that does that part:

* :class:`~engines.arch.attention.GrowingCache`: past cache in, one-column-longer present out
  (the exported ONNX graphs, :mod:`engines.export.modules`, and the torch session's dynamic mode);
* ``StaticCache`` (:mod:`engines.sessions.static_step`): preallocated caches written in place,
  the CUDA-graph path;
* teacher forcing over a whole target (:mod:`training.t5_forward`), with dropout.
"""
