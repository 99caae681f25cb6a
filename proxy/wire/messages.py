"""Parse the messages the proxy must look inside; build the ones it must synthesise.

Everything else is relayed as raw frames and never decoded. Builders return complete
messages (type byte and length included) as ``bytes``.

Text is in the client's encoding (``encoding``: a Python codec, see
:mod:`proxy.wire.encodings`; UTF-8 by default). A character that encoding cannot represent
is treated as PostgreSQL treats it: in SQL and in row data it is an error
(:class:`UntranslatableCharacter`, SQLSTATE 22P05); in the text of the proxy's own notices
and errors it becomes ``?``, so that the client still learns what happened.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from proxy.errors import AskProxyError, ProtocolViolation, UntranslatableCharacter
from proxy.wire.encodings import pg_name

_I32 = struct.Struct("!i")
_I16 = struct.Struct("!h")

PROTOCOL_3_0 = 196608          # 3 << 16
SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102


def _msg(type_: bytes, body: bytes) -> bytes:
    return type_ + _I32.pack(len(body) + 4) + body


def _cstr(s: str, encoding: str = "utf-8") -> bytes:
    return encode_strict(s, encoding) + b"\x00"


def encode_strict(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``, or :class:`UntranslatableCharacter` as PostgreSQL would."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        seq = " ".join(f"0x{b:02x}" for b in exc.object[exc.start:exc.start + 1].encode())
        raise UntranslatableCharacter(
            f'character with byte sequence {seq} in encoding "UTF8" has no equivalent in '
            f'encoding "{pg_name(encoding)}"') from None


def _read_cstr(body: bytes, pos: int, encoding: str = "utf-8") -> tuple[str, int]:
    end = body.find(b"\x00", pos)
    if end < 0:
        raise ProtocolViolation("unterminated string in message")
    return body[pos:end].decode(encoding, "replace"), end + 1


# --- startup phase ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class StartupMessage:
    version: int
    params: dict[str, str]

    @property
    def major(self) -> int:
        return self.version >> 16


@dataclass(frozen=True, slots=True)
class SSLRequest:
    pass


@dataclass(frozen=True, slots=True)
class GSSENCRequest:
    pass


@dataclass(frozen=True, slots=True)
class CancelRequest:
    pid: int
    key: bytes       # 4 bytes in protocol 3.0, up to 256 in 3.2


StartupPacket = StartupMessage | SSLRequest | GSSENCRequest | CancelRequest


def parse_startup(body: bytes) -> StartupPacket:
    if len(body) < 4:
        raise ProtocolViolation("startup packet too short")
    code = _I32.unpack_from(body)[0]
    if code == SSL_REQUEST and len(body) == 4:
        return SSLRequest()
    if code == GSSENC_REQUEST and len(body) == 4:
        return GSSENCRequest()
    if code == CANCEL_REQUEST:
        if len(body) < 12:
            raise ProtocolViolation("cancel request too short")
        return CancelRequest(_I32.unpack_from(body, 4)[0], bytes(body[8:]))
    if code >> 16 != 3:
        raise ProtocolViolation(f"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}",
                                hint="askproxy speaks protocol 3")
    return StartupMessage(code, _parse_params(body[4:]))


def _parse_params(data: bytes) -> dict[str, str]:
    params: dict[str, str] = {}
    pos = 0
    while pos < len(data) and data[pos] != 0:
        key, pos = _read_cstr(data, pos)
        value, pos = _read_cstr(data, pos)
        params[key] = value
    return params


def ssl_request() -> bytes:
    return _I32.pack(8) + _I32.pack(SSL_REQUEST)


def startup_message(version: int, params: dict[str, str]) -> bytes:
    """A StartupMessage (no type byte): protocol ``version``, then name/value pairs."""
    body = _I32.pack(version) + b"".join(k.encode() + b"\0" + v.encode() + b"\0"
                                         for k, v in params.items()) + b"\0"
    return _I32.pack(len(body) + 4) + body


def cancel_request(pid: int, key: bytes) -> bytes:
    return _I32.pack(12 + len(key)) + _I32.pack(CANCEL_REQUEST) + _I32.pack(pid) + key


def parse_backend_key_data(body: bytes) -> tuple[int, bytes]:
    if len(body) < 8:
        raise ProtocolViolation("BackendKeyData too short")
    return _I32.unpack_from(body)[0], bytes(body[4:])


AUTH_OK = 0
AUTH_SASL = 10
AUTH_SASL_FINAL = 12
# Authentication requests the client must answer (cleartext, MD5, GSS, GSS continue, SSPI, SASL,
# SASL continue); after the others (ok, SASL final) the server speaks again.
AUTH_NEEDS_ANSWER = frozenset({3, 5, 7, 8, 9, 10, 11})


def auth_code(body: bytes) -> int:
    """The request code of an Authentication message ('R'): 0 ok, 3 cleartext, 5 MD5, 10 SASL,
    11 SASL continue, 12 SASL final, ...; -1 when the body is too short to hold one."""
    return _I32.unpack_from(body)[0] if len(body) >= 4 else -1


def strip_channel_binding(raw: bytes) -> bytes:
    """Remove SCRAM-SHA-256-PLUS from an AuthenticationSASL message.

    Channel binding ties SCRAM to the TLS session the *server* sees; through a proxy that
    terminates TLS the client's binding data can never match, so offering it would only make
    ``channel_binding=prefer`` clients fail. Other authentication messages are returned as is.
    """
    body = raw[5:]
    if len(body) < 4 or _I32.unpack_from(body)[0] != AUTH_SASL:
        return raw
    mechs = [m for m in body[4:].split(b"\x00") if m]
    kept = [m for m in mechs if not m.endswith(b"-PLUS")]
    if kept == mechs:
        return raw
    return _msg(b"R", _I32.pack(AUTH_SASL) + b"".join(m + b"\x00" for m in kept) + b"\x00")


def sasl_initial_flag(body: bytes) -> bytes:
    """The GS2 channel-binding flag of a SASLInitialResponse: b"n", b"y" or b"p" (b"" if
    the message is not one)."""
    end = body.find(b"\x00")
    if end < 0 or len(body) < end + 6:
        return b""
    return bytes(body[end + 5:end + 6])


# --- frontend messages the proxy inspects --------------------------------------------------

def parse_query(body: bytes) -> str:
    return _read_cstr(body, 0)[0]


def query_bytes(body: bytes) -> bytes:
    """The statement text of a Query exactly as sent, in the client's encoding."""
    end = body.find(b"\x00")
    if end < 0:
        raise ProtocolViolation("unterminated string in message")
    return bytes(body[:end])


@dataclass(frozen=True, slots=True)
class Parse:
    name: str
    query: str
    param_types: tuple[int, ...]


def parse_parse(body: bytes, encoding: str = "utf-8") -> Parse:
    """A Parse message; the statement text decoded in the client's ``encoding``."""
    name, pos = _read_cstr(body, 0)
    query, pos = _read_cstr(body, pos, encoding)
    if len(body) < pos + 2:
        raise ProtocolViolation("Parse message truncated")
    n = _I16.unpack_from(body, pos)[0]
    pos += 2
    if n < 0 or len(body) < pos + 4 * n:
        raise ProtocolViolation("Parse message parameter types truncated")
    types = struct.unpack_from(f"!{n}I", body, pos)
    return Parse(name, query, tuple(types))


def parse_sql_bytes(body: bytes) -> bytes:
    """The statement text of a Parse body, undecoded, for cheap checks (never raises)."""
    start = body.find(b"\x00") + 1
    end = body.find(b"\x00", start)
    return body[start:end] if end >= 0 else body[start:]


def bind_statement(body: bytes) -> str:
    """The prepared statement a Bind names (its body starts: portal, statement)."""
    _, pos = _read_cstr(body, 0)
    return _read_cstr(body, pos)[0]


def bind_names(body: bytes) -> tuple[str, str]:
    """The portal and the prepared statement a Bind names."""
    portal, pos = _read_cstr(body, 0)
    return portal, _read_cstr(body, pos)[0]


def execute_portal(body: bytes) -> str:
    """The portal an Execute names."""
    return _read_cstr(body, 0)[0]


def parse_name(body: bytes) -> str:
    """The statement name of a Parse."""
    return _read_cstr(body, 0)[0]


def close_name(body: bytes) -> str:
    """The statement or portal name of a Close (or Describe) message."""
    return _read_cstr(body, 1)[0]


def describe_target(body: bytes) -> str:
    """'S' (statement) or 'P' (portal) for a Describe or Close message."""
    if not body or body[0] not in b"SP":
        raise ProtocolViolation("Describe/Close must target 'S' or 'P'")
    return chr(body[0])


# --- backend messages the proxy inspects ---------------------------------------------------

def parse_parameter_status(body: bytes) -> tuple[str, str]:
    """(name, value) of a ParameterStatus. Parameter names are ASCII; the values the proxy
    reads (``client_encoding``) are too."""
    name, pos = _read_cstr(body, 0)
    return name, _read_cstr(body, pos)[0]


def parse_fields(body: bytes, encoding: str = "utf-8") -> dict[str, str]:
    """Fields of an ErrorResponse or NoticeResponse, keyed by their one-letter code."""
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(body) and body[pos] != 0:
        code = chr(body[pos])
        value, pos = _read_cstr(body, pos + 1, encoding)
        fields[code] = value
    return fields


def parse_row_description(body: bytes, encoding: str = "utf-8") -> tuple[str, ...]:
    n = _I16.unpack_from(body)[0]
    pos, names = 2, []
    for _ in range(n):
        name, pos = _read_cstr(body, pos, encoding)
        names.append(name)
        pos += 18
    return tuple(names)


def parse_data_row(body: bytes, encoding: str = "utf-8") -> tuple[str | None, ...]:
    n = _I16.unpack_from(body)[0]
    pos, values = 2, list[str | None]()
    for _ in range(n):
        size = _I32.unpack_from(body, pos)[0]
        pos += 4
        if size < 0:
            values.append(None)
        else:
            values.append(body[pos:pos + size].decode(encoding, "replace"))
            pos += size
    return tuple(values)


def parse_command_complete(body: bytes) -> str:
    return _read_cstr(body, 0)[0]


# --- builders -----------------------------------------------------------------------------

def query(sql: str, encoding: str = "utf-8") -> bytes:
    return _msg(b"Q", _cstr(sql, encoding))


def query_raw(sql: bytes) -> bytes:
    """A Query of statement text already in the client's encoding (relayed byte for byte)."""
    return _msg(b"Q", sql + b"\x00")


def parse(name: str, sql: str, param_types: tuple[int, ...] = (), *,
          encoding: str = "utf-8") -> bytes:
    return _msg(b"P", _cstr(name) + _cstr(sql, encoding) + _I16.pack(len(param_types))
                + b"".join(struct.pack("!I", t) for t in param_types))


def bind(portal: str, statement: str) -> bytes:
    # no parameters, all results in text format
    return _msg(b"B", _cstr(portal) + _cstr(statement) + _I16.pack(0) + _I16.pack(0)
                + _I16.pack(0))


def describe(target: str, name: str) -> bytes:
    return _msg(b"D", target.encode() + _cstr(name))


def execute(portal: str, max_rows: int = 0) -> bytes:
    return _msg(b"E", _cstr(portal) + _I32.pack(max_rows))


def close(target: str, name: str) -> bytes:
    return _msg(b"C", target.encode() + _cstr(name))


SYNC = _msg(b"S", b"")
FLUSH = _msg(b"H", b"")
TERMINATE = _msg(b"X", b"")


def ready_for_query(status: str) -> bytes:
    return _msg(b"Z", status.encode())


def command_complete(tag: str) -> bytes:
    return _msg(b"C", _cstr(tag))


TEXT_OID = 25


def row_description(columns: list[tuple[str, int]]) -> bytes:
    body = _I16.pack(len(columns))
    for name, type_oid in columns:
        body += _cstr(name) + struct.pack("!IhIhih", 0, 0, type_oid, -1, -1, 0)
    return _msg(b"T", body)


def data_row(values: list[str | None], encoding: str = "utf-8") -> bytes:
    body = _I16.pack(len(values))
    for v in values:
        if v is None:
            body += _I32.pack(-1)
        else:
            data = encode_strict(v, encoding)
            body += _I32.pack(len(data)) + data
    return _msg(b"D", body)


def _fields_body(fields: dict[str, str], encoding: str) -> bytes:
    # Unrepresentable characters become '?': a notice or error must still reach the client.
    return b"".join(code.encode() + value.encode(encoding, "replace") + b"\x00"
                    for code, value in fields.items()) + b"\x00"


def error_fields(err: AskProxyError) -> dict[str, str]:
    fields = {"S": err.severity, "V": err.severity, "C": err.sqlstate, "M": err.message}
    if err.detail:
        fields["D"] = err.detail
    if err.hint:
        fields["H"] = err.hint
    return fields


def error_response(err: AskProxyError, encoding: str = "utf-8") -> bytes:
    """The one place any askproxy error becomes an ErrorResponse."""
    return _msg(b"E", _fields_body(error_fields(err), encoding))


def error_response_fields(fields: dict[str, str], encoding: str = "utf-8") -> bytes:
    return _msg(b"E", _fields_body(fields, encoding))


def notice_response(message: str, *, detail: str | None = None,
                    encoding: str = "utf-8") -> bytes:
    fields = {"S": "NOTICE", "V": "NOTICE", "C": "00000", "M": message}
    if detail:
        fields["D"] = detail
    return _msg(b"N", _fields_body(fields, encoding))


def parse_complete() -> bytes:
    return _msg(b"1", b"")
