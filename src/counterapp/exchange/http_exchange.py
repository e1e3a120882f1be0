"""One HTTP attempt against a department, bounded in time and size, never raising.

The body is read in chunks as it arrives, so a department that drips its answer (each
chunk inside the read timeout) still ends at the call's deadline, and one that sends more
than ``max_response_bytes`` is cut off — also when its ``Content-Length`` announces it.
Every way the network can fail is turned into a :class:`Attempt` with a status and a
message in English and Chinese.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from counterapp.exchange.connector import Connector
from counterapp.exchange.status import DepartmentStatus

CHUNK_BYTES = 64 * 1024
_SSL_REASON = re.compile(r"\[SSL: (?P<code>[A-Z0-9_]+)\]|(?P<alert>(tlsv1\d? )?alert [a-z ]+)")


@dataclass(frozen=True)
class Attempt:
    """What one HTTP request produced.

    Attributes:
        http_status: the status received, None when no answer arrived.
        body: the body, complete (b"" on failure).
        content_type: the declared ``Content-Type``.
        failure: why the attempt gave nothing usable, None when it did.
        message: English explanation of the failure.
        message_zh: the same in Chinese.
        retryable: a connect error, where trying again may help an idempotent request.
    """

    http_status: int | None
    body: bytes = b""
    content_type: str = ""
    failure: DepartmentStatus | None = None
    message: str = ""
    message_zh: str = ""
    retryable: bool = False


class _TooLarge(Exception):
    pass


class _PastDeadline(Exception):
    pass


def send_once(
    session: requests.Session,
    prepared: requests.PreparedRequest,
    connector: Connector,
    *,
    deadline: float,
) -> Attempt:
    """Send one request and read its whole answer within the deadline and size cap.

    Args:
        session: the department's pooled session (TLS options already set).
        prepared: the request, authenticated.
        connector: for the timeouts, the size cap and the TLS file names in messages.
        deadline: ``time.monotonic()`` value by which the attempt must be over.

    Returns:
        The attempt; HTTP error statuses are *not* failures here (the caller decides).
    """
    http = connector.http
    started = time.monotonic()
    remaining = max(deadline - started, 0.001)
    timeout = (min(http.connect_timeout_s, remaining), min(http.read_timeout_s, remaining))
    try:
        response = session.send(prepared, stream=True, timeout=timeout, allow_redirects=False)
    except requests.exceptions.SSLError as exc:
        return _tls_failure(str(exc), connector)
    except requests.exceptions.ConnectTimeout:
        return Attempt(
            None,
            failure=DepartmentStatus.TIMEOUT,
            retryable=True,
            message=f"could not connect within {timeout[0]:.1f} s",
            message_zh=f"{timeout[0]:.1f} 秒内无法建立连接",
        )
    except requests.exceptions.ReadTimeout:
        return _timed_out(timeout[1])
    except requests.exceptions.ConnectionError as exc:
        return _connection_failure(exc, connector)
    except requests.RequestException as exc:
        return Attempt(
            None,
            failure=DepartmentStatus.UNAVAILABLE,
            message=f"the request failed: {type(exc).__name__}: {exc}",
            message_zh="请求发送失败",
        )
    except OSError as exc:  # requests' check of the CA bundle / client certificate files
        return Attempt(
            None,
            failure=DepartmentStatus.AUTH_FAILED,
            message=f"TLS files unusable: {exc}",
            message_zh=f"TLS 证书文件不可用：{exc}",
        )
    with response:
        status = response.status_code
        content_type = response.headers.get("Content-Type", "")
        declared = response.headers.get("Content-Length", "")
        try:
            if declared.isdigit() and int(declared) > http.max_response_bytes:
                raise _TooLarge
            body = _read_capped(response, deadline, http.read_timeout_s, http.max_response_bytes)
        except _TooLarge:
            limit = http.max_response_bytes
            return Attempt(
                status,
                content_type=content_type,
                failure=DepartmentStatus.BAD_RESPONSE,
                message=f"the answer is larger than the limit of {limit:,} bytes",
                message_zh=f"答复超过 {limit:,} 字节上限，已中止",
            )
        except (_PastDeadline, urllib3.exceptions.ReadTimeoutError):
            return _timed_out(time.monotonic() - started, still_arriving=True)
        except urllib3.exceptions.DecodeError as exc:
            return Attempt(
                status,
                content_type=content_type,
                failure=DepartmentStatus.BAD_RESPONSE,
                message=f"the compressed answer cannot be unpacked ({_short(exc)})",
                message_zh="压缩的答复无法解压",
            )
        except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
            return Attempt(
                status,
                content_type=content_type,
                failure=DepartmentStatus.UNAVAILABLE,
                message=f"the connection broke off during the answer ({_short(exc)})",
                message_zh="答复传输中途断开",
            )
    return Attempt(status, body, content_type)


def _read_capped(
    response: requests.Response, deadline: float, read_timeout_s: float, limit: int
) -> bytes:
    raw = response.raw
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _PastDeadline
        _set_read_timeout(raw, min(read_timeout_s, remaining))
        chunk = raw.read1(CHUNK_BYTES, decode_content=True)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)


def _set_read_timeout(raw: urllib3.HTTPResponse, seconds: float) -> None:
    """Shorten the socket's read timeout so the wait for the next chunk ends at the deadline."""
    connection = getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.001))


def _timed_out(waited: float, *, still_arriving: bool = False) -> Attempt:
    """A timeout: ``waited`` is the read timeout that ran out, or the time spent reading."""
    if still_arriving:
        return Attempt(
            None,
            failure=DepartmentStatus.TIMEOUT,
            message=f"the answer was still arriving after {waited:.1f} s",
            message_zh=f"答复 {waited:.1f} 秒后仍未传完",
        )
    return Attempt(
        None,
        failure=DepartmentStatus.TIMEOUT,
        message=f"timed out after {waited:.1f} s",
        message_zh=f"等待 {waited:.1f} 秒未答复",
    )


def _connection_failure(exc: requests.ConnectionError, connector: Connector) -> Attempt:
    text = str(exc)
    if "SSL" in text or " alert " in text:
        return _tls_failure(text, connector)
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    where = urlsplit(connector.http.base_url).netloc
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return Attempt(
            None,
            failure=DepartmentStatus.UNAVAILABLE,
            retryable=True,
            message=f"cannot connect to {where} ({_short(reason)})",
            message_zh=f"无法连接部门系统 {where}",
        )
    return Attempt(
        None,
        failure=DepartmentStatus.UNAVAILABLE,
        message=f"{where} closed the connection without answering",
        message_zh="部门系统未答复即断开连接",
    )


def _tls_failure(text: str, connector: Connector) -> Attempt:
    tls = connector.tls
    match = _SSL_REASON.search(text)
    reason = (match.group("code") or match.group("alert")) if match else "handshake failed"
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        trusted = str(tls.ca_bundle) if tls.ca_bundle else "the system certificate store"
        message = f"the department's server certificate is not trusted by {trusted} ({reason})"
        zh = f"部门服务器证书不受信任（{trusted}）"
    elif tls.client_cert is not None:
        message = f"the department refused the client certificate {tls.client_cert} ({reason})"
        zh = f"部门系统拒绝了客户端证书 {tls.client_cert}"
    else:
        message = f"TLS handshake failed; no client certificate is configured ({reason})"
        zh = "TLS 握手失败：未配置客户端证书（tls.client_cert）"
    return Attempt(None, failure=DepartmentStatus.AUTH_FAILED, message=message, message_zh=zh)


def _short(exc: BaseException) -> str:
    text = str(exc)
    if "]" in text and "Errno" in text:
        text = text.split("]", 1)[1]
    text = text.strip().split("\n")[0]
    return text[:160] if text else type(exc).__name__
