"""The ASK pipeline: detect, introspect, translate, validate.

Nothing here touches sockets: upstream access goes through :class:`ask.upstream.Upstream`,
which the session implements over the client's own upstream connection (so every catalog read
and every generated statement runs with the caller's role and privileges).
"""
