"""How a fault breaks a department's answer, in that department's own format.

Each function takes the answer the department would have given and returns the broken one;
:func:`oversized` returns a body streamed in chunks so 20 MB are never held in memory twice.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http import HTTPStatus

from counterapp.sim.departments.base import BodyFormat, Department, Reason, Reply

_GATEWAY_PAGE = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def server_error(department: Department, status: int) -> Reply:
    """A 5xx answer: the department's own error for 500, the gateway's page for 502–504."""
    if status in (502, 503, 504):
        phrase = HTTPStatus(status).phrase
        page = _GATEWAY_PAGE.format(status=status, phrase=phrase).encode("ascii")
        return Reply(status, page, "text/html", None, BodyFormat.HTML)
    reply = department.error(status, Reason.INTERNAL_ERROR, "系统内部错误，请稍后重试")
    return replace(reply, status=status)


def body_error(department: Department) -> Reply:
    """HTTP 200 whose body is the department's error (a backend failing politely)."""
    reply = department.error(503, Reason.SERVICE_UNAVAILABLE, "系统繁忙，请稍后再试")
    return replace(reply, status=200)


def malformed(reply: Reply) -> Reply:
    """Break the body: JSON truncated, XML unclosed, CSV ragged; Content-Length matches."""
    body = reply.body
    if reply.format is BodyFormat.XML:
        cut = body.rfind(b"</")
        broken = body[:cut] if cut > 0 else body[: len(body) // 2]
    elif reply.format is BodyFormat.CSV:
        broken = _ragged_csv(body, reply.charset or "utf-8")
    else:  # cut on a character boundary: a syntax error, not an encoding error
        text = body.decode(reply.charset or "utf-8", errors="replace")
        broken = text[: max(1, len(text) * 3 // 5)].encode(reply.charset or "utf-8")
    return replace(reply, body=broken)


def wrong_encoding(reply: Reply) -> Reply:
    """Keep the declared charset but send the text in another one (GBK <-> UTF-8)."""
    declared = (reply.charset or "utf-8").lower()
    text = reply.body.decode(declared)
    other = "utf-8" if declared in ("gbk", "gb2312", "gb18030") else "gbk"
    return replace(reply, body=text.encode(other, errors="replace"))


@dataclass(frozen=True)
class StreamedBody:
    """A long body sent in chunks: prefix, ``repeat`` times filler, suffix."""

    prefix: bytes
    filler: bytes
    repeat: int
    suffix: bytes

    @property
    def length(self) -> int:
        return len(self.prefix) + len(self.filler) * self.repeat + len(self.suffix)

    def chunks(self) -> Iterator[bytes]:
        yield self.prefix
        for _ in range(self.repeat):
            yield self.filler
        yield self.suffix


def oversized(reply: Reply, megabytes: int) -> StreamedBody:
    """A valid-looking body of about ``megabytes`` MB built around the real answer.

    JSON gets a long base64 "attachment" (a document scan), XML an ``<attachment>``
    element, CSV the last row repeated: each still parses if a client reads it all.
    """
    target = megabytes * 1024 * 1024
    body = reply.body.strip()
    if reply.format is BodyFormat.CSV:
        lines = body.split(b"\r\n")
        filler = lines[-1] + b"\r\n"
        prefix, suffix = body + b"\r\n", b""
    else:
        filler = _base64_block()
        if reply.format is BodyFormat.XML:
            cut = body.rfind(b"</")
            prefix = body[:cut] + b"<attachment>"
            suffix = b"</attachment>" + body[cut:]
        elif body.startswith(b"["):
            prefix = b'[{"attachment":"'
            suffix = b'"}' + (b"," + body[1:] if body != b"[]" else b"]")
        elif body.startswith(b"{") and body != b"{}":
            prefix, suffix = b'{"attachment":"', b'",' + body[1:]
        else:
            prefix, suffix = b'{"attachment":"', b'"}'
    repeat = max(1, (target - len(prefix) - len(suffix)) // len(filler))
    return StreamedBody(prefix, filler, repeat, suffix)


def _base64_block() -> bytes:
    seed = hashlib.sha256(b"counterapp-sim-attachment").digest()
    raw = b"".join(hashlib.sha256(seed + bytes([i])).digest() for i in range(192))
    return base64.b64encode(raw)  # 8 KiB of base64, no padding characters


def _ragged_csv(body: bytes, charset: str) -> bytes:
    # Even data rows lose their last two fields, odd ones gain an unclosed quoted field,
    # and a half-written summary line ends the file.
    lines = [line for line in body.decode(charset).split("\r\n") if line]
    ragged = lines[:1]
    for number, line in enumerate(lines[1:]):
        fields = line.split(",")
        broken = fields[: max(1, len(fields) - 2)] if number % 2 == 0 else [*fields, '"未闭合']
        ragged.append(",".join(broken))
    ragged.append("合计,")
    return "\r\n".join(ragged).encode(charset, errors="replace")
