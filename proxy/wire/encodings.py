"""PostgreSQL client encodings and the Python codecs that read and write them.

A client chooses its encoding (``client_encoding``, ``SET NAMES``) and the server converts
everything to and from it; the proxy learns the current one from ParameterStatus. Whatever
the proxy decodes from the client, or builds for it, must use that same encoding, or a LATIN1
client's ``café`` becomes ``caf�``. The names are PostgreSQL's canonical ones (as reported in
ParameterStatus); the Python codecs follow PostgreSQL's conversion tables (its SJIS, BIG5,
GBK and UHC are Microsoft's code pages 932, 950, 936 and 949).
"""

from __future__ import annotations

_CODECS = {
    "UTF8": "utf-8",
    # With SQL_ASCII the server converts nothing: the bytes are in the server encoding,
    # UTF8 on any server that hosts non-ASCII text in practice.
    "SQL_ASCII": "utf-8",
    "LATIN1": "latin-1", "LATIN2": "iso8859-2", "LATIN3": "iso8859-3",
    "LATIN4": "iso8859-4", "LATIN5": "iso8859-9", "LATIN6": "iso8859-10",
    "LATIN7": "iso8859-13", "LATIN8": "iso8859-14", "LATIN9": "iso8859-15",
    "LATIN10": "iso8859-16",
    "ISO_8859_5": "iso8859-5", "ISO_8859_6": "iso8859-6", "ISO_8859_7": "iso8859-7",
    "ISO_8859_8": "iso8859-8",
    "WIN866": "cp866", "WIN874": "cp874", "WIN1250": "cp1250", "WIN1251": "cp1251",
    "WIN1252": "cp1252", "WIN1253": "cp1253", "WIN1254": "cp1254", "WIN1255": "cp1255",
    "WIN1256": "cp1256", "WIN1257": "cp1257", "WIN1258": "cp1258",
    "KOI8R": "koi8-r", "KOI8U": "koi8-u",
    "EUC_JP": "euc_jp", "EUC_JIS_2004": "euc_jis_2004", "EUC_CN": "gb2312",
    "EUC_KR": "euc_kr", "SJIS": "cp932", "SHIFT_JIS_2004": "shift_jis_2004",
    "BIG5": "cp950", "GBK": "cp936", "UHC": "cp949", "GB18030": "gb18030",
    "JOHAB": "johab",
}
# EUC_TW and MULE_INTERNAL have no Python codec: ASCII is read and written exactly, anything
# else is refused on input (the Query goes to the server unchanged, which judges it) and
# written as '?'.
_FALLBACK = "ascii"
_BY_KEY = {name.replace("_", ""): codec for name, codec in _CODECS.items()}
_NAMES = {codec: name for name, codec in reversed(_CODECS.items())}


def python_codec(pg_encoding: str) -> str:
    """The Python codec for a PostgreSQL encoding name (any case, ``-``/``_`` ignored)."""
    return _BY_KEY.get(pg_encoding.upper().replace("-", "").replace("_", ""), _FALLBACK)


def pg_name(codec: str) -> str:
    """The PostgreSQL name of a codec from :func:`python_codec` (for messages)."""
    return _NAMES.get(codec, codec.upper())
