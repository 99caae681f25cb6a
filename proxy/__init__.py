"""askproxy: a transparent PostgreSQL wire-protocol proxy with plain-language ``ASK`` queries.

The tree mirrors the architecture (see docs/ARCHITECTURE.md):
``proxy.wire`` is the sans-I/O protocol codec, ``proxy.session``/``proxy.server`` are the thin
asyncio layers, ``ask`` turns a question into validated SQL, ``engines`` runs the model.
"""

__version__ = "0.1.0"
