"""The PostgreSQL v3 wire protocol, sans-I/O: bytes in, frames and typed messages out.

Nothing in this package imports asyncio or sockets (h11's discipline): ``framing`` splits a
byte stream into frames, ``messages`` parses the few messages the proxy must look inside and
builds the ones it must synthesise, ``tracker`` knows which pending request each server
message answers, ``relay`` holds a session's protocol state and decides what each message
means (``relay_events``: forward these bytes, or intercept). The asyncio layer
(``proxy.session``) only moves bytes and acts on those events.
"""
