"""Backend sessions behind one protocol (:class:`engines.sessions.base.Seq2SeqSession`).

Backends are imported lazily by :mod:`engines.backend`; importing this package loads none.
"""
