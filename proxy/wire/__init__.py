"""The PostgreSQL v3 wire protocol, sans-I/O: bytes in, frames and typed messages out.

Nothing in this package imports asyncio or sockets (h11's discipline): ``framing`` splits a
byte stream into frames, ``messages`` parses the few messages the proxy must look inside and
builds the ones it must synthesise, ``tracker`` knows which pending request each server
message answers. The asyncio layer (``proxy.session``) only moves bytes.
"""
