"""One engine per GPU that every worker process batches into (``[engine] shared``).

:mod:`engines.shared.protocol` is the sans-I/O codec of the private unix-socket protocol
between the workers and the engine server; :mod:`engines.shared.server` feeds the requests of
every connection into one :class:`engines.batcher.Batcher`; :mod:`engines.shared.client` is the
worker's end, with the batcher's own ``submit`` / ``stats`` / ``close`` interface, so the ASK
pipeline does not know whether its engine is in-process or shared.
"""
