"""One HTTP request at a time, on terms kg controls: for sending data to a server with a password.

Each request is one ``http.client`` connection: a redirect is never followed (the password and the
data go to the URLs given and nowhere else), at most 64 KiB of an answer is read, a request has an
overall deadline that a server answering a byte at a time cannot stretch, and every failure of the
network or of the server is a one-line :class:`PushError` that never holds the password.
"""

from __future__ import annotations

import html
import http
import http.client
import io
import ipaddress
import re
import socket
import time
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import KgError, UsageError
from kg.httpauth import Basic, Digest, choose, parse_challenges
from kg.iri import check_iri, short

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["Url", "check_url", "Client", "PushError", "DEADLINE", "TooLarge"]

#: Statuses worth trying again after a pause.
RETRY_STATUS = {429, 502, 503, 504}
#: Seconds one request may take in all: connecting, sending the chunk and reading the answer.
DEADLINE = 300.0
#: Seconds to wait for a connection (within the deadline).
_CONNECT_TIMEOUT = 30.0
#: Most bytes of an answer that are read; the rest is left unread and the connection closed.
_MAX_ANSWER = 64 * 1024


class PushError(KgError):
    """The server could not be reached or refused the data; the message says why in one line.

    ``status`` is the HTTP status of the answer, when there was one.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Url:
    """A checked http(s) URL: ``text`` as the user gave it (safe to print), and its parts."""

    text: str
    what: str  # the option it came from, for messages
    https: bool
    host: str
    port: int | None
    target: str  # path and query, ASCII, as sent in the request line

    def with_query(self, query: str) -> str:
        return f"{self.target}{'&' if '?' in self.target else '?'}{query}"

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.https else 'http'}://{host}{'' if self.port is None else f':{self.port}'}"

    @property
    def loopback(self) -> bool:
        """Whether the host is this machine (so plain http never leaves it)."""
        if self.host == "localhost" or self.host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


# Every printable ASCII character except the space: what percent-encoding of an IRI leaves alone.
_URI_SAFE = "".join(chr(c) for c in range(0x21, 0x7F))
# A user name or password before the host (scheme://user:password@host): looked for before
# anything else, so that no message ever repeats the URL that holds it.
_USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//)?[^/?#]*@")


def check_url(url: str, what: str) -> Url:
    """``url`` as an absolute http(s) URL with a host; :class:`UsageError` naming ``what`` if not."""
    if _USERINFO.match(url):
        raise UsageError(f"{what} must not hold a user name or password: give --user NAME and set KG_PASSWORD")
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        raise UsageError(f"{what} must be an http(s) URL, not '{short(url)}'")
    check_iri(url, what)  # no spaces, control characters or quotes: nothing can slip into a request line
    if not parts.hostname:
        raise UsageError(f"{what} '{short(url)}' has no host")
    try:
        port = parts.port
    except ValueError:
        raise UsageError(f"{what} '{short(url)}' has a bad port") from None
    target = urllib.parse.quote(parts.path or "/", safe=_URI_SAFE)  # an IRI's non-ASCII, percent-encoded
    if parts.query:
        target += "?" + urllib.parse.quote(parts.query, safe=_URI_SAFE)
    return Url(url, what, parts.scheme.lower() == "https", parts.hostname, port, target)


class _Clock:
    """What is left of a request's deadline; TimeoutError once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        return left


class _TimedReader(io.RawIOBase):
    """A socket's input, each read given only what is left of the deadline (a server that sends one
    byte a second never lets a plain socket timeout expire)."""

    def __init__(self, sock: socket.socket, clock: _Clock) -> None:
        self._sock, self._clock = sock, clock
        self._raw = sock.makefile("rb", buffering=0)  # keeps the socket open until the answer is read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int | None:
        self._sock.settimeout(self._clock.left())
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _TimedSocket:
    """The connection's socket as http.client sees it: sends and reads bounded by the deadline."""

    def __init__(self, sock: socket.socket, clock: _Clock) -> None:
        self._sock, self._clock = sock, clock

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._clock.left())
        self._sock.sendall(data)

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_TimedReader(self._sock, self._clock))

    def close(self) -> None:
        self._sock.close()


class _Unreachable(Exception):
    """No connection could be made (as opposed to a failure once connected)."""


@dataclass
class _Answer:
    status: int
    location: str | None
    text: str  # the start of the body, for messages; empty on success
    body: bytes = b""  # a success's body, when it was asked for
    challenges: tuple[str, ...] = ()  # the WWW-Authenticate headers of a 401


class TooLarge(Exception):
    """A success's body was larger than the caller would read."""


def _exchange(url: Url, method: str, target: str, body: bytes, headers: dict[str, str],
              deadline: float, keep: int = 0) -> _Answer:
    """One request on a connection of its own, never following a redirect; a success's body is
    read when ``keep`` > 0, at most that many bytes (:class:`TooLarge` past them)."""
    clock = _Clock(deadline)
    kind = http.client.HTTPSConnection if url.https else http.client.HTTPConnection
    conn = kind(url.host, url.port, timeout=min(clock.left(), _CONNECT_TIMEOUT))
    try:
        try:
            conn.connect()
        except OSError as e:
            raise _Unreachable(e) from e
        conn.sock = _TimedSocket(conn.sock, clock)  # quacks like one
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        if 200 <= response.status < 300:
            if not keep:
                return _Answer(response.status, None, "")  # the body of a success says nothing kg needs
            data = response.read(keep + 1)
            if len(data) > keep:
                raise TooLarge()
            return _Answer(response.status, None, "", data)
        try:
            text = response.read(_MAX_ANSWER).decode("utf-8", "replace")
        except (OSError, http.client.HTTPException, ValueError):
            text = ""  # the status says what went wrong; a body that does not arrive adds nothing
        return _Answer(response.status, response.getheader("Location"), text,
                       challenges=tuple(response.msg.get_all("WWW-Authenticate") or ()))
    finally:
        conn.close()


class Client:
    """Sends requests, ``retries`` times more after a transient failure, each within ``deadline``
    seconds. With a ``user``, the password goes only to a server that asks for it: the first
    request to a server goes without, and its ``401`` says how (Digest or Basic, see
    :mod:`kg.httpauth`); later requests to it answer the same way at once."""

    def __init__(self, user: str | None, password: str | None, retries: int, deadline: float) -> None:
        self.user, self.password = user, password or ""
        self.secrets = [password] if password else []
        if user is not None:
            self.secrets.append(Basic(user, self.password).token)
        #: How each server (by origin) asked to be answered; shared with a client made for clean-up.
        self.auth: dict[str, Basic | Digest] = {}
        self.retries = retries
        self.deadline = deadline
        #: What the requests carry, for messages: "the data" (kg push) or "the query".
        self.payload = "the data"

    def send(self, method: str, url: Url, body: bytes = b"", content_type: str | None = None,
             query: str | None = None, accept: str | None = None, keep: int = 0) -> bytes:
        """Send one request, retrying transient failures; :class:`PushError` if it does not succeed.
        With ``keep`` > 0 the answer's body is returned, at most that many bytes."""
        headers = {"Connection": "close"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        target = url.with_query(query) if query else url.target
        attempt = asked = 0
        while True:
            auth = self.auth.get(url.origin)
            if auth is not None:
                headers["Authorization"] = auth.header(method, target)
            error, transient, answer = self._attempt(url, method, target, body, headers, keep)
            if error is None:
                assert answer is not None
                return answer.body
            if answer is not None and answer.status == 401 and asked < 2 and self._learn(url, answer, auth):
                asked += 1  # the server said how to log in: ask again that way (not a retry)
                continue
            if not transient or attempt == self.retries:
                raise error
            time.sleep(0.5 * 2 ** attempt)
            attempt += 1

    def _learn(self, url: Url, answer: _Answer, sent: Basic | Digest | None) -> bool:
        """Whether a 401's challenges give a new way to answer (the first challenge, a new
        nonce); the way is kept for the next requests to the same server."""
        if self.user is None:
            return False
        auth = choose(parse_challenges(*answer.challenges), self.user, self.password)
        if auth is None or (isinstance(sent, Basic) and isinstance(auth, Basic)):
            return False  # a scheme kg does not speak, or the password was refused
        if isinstance(sent, Digest) and isinstance(auth, Digest) and auth.nonce == sent.nonce:
            return False
        self.auth[url.origin] = auth
        return True

    def _attempt(self, url: Url, method: str, target: str, body: bytes,
                 headers: dict[str, str], keep: int) -> tuple[PushError | None, bool, _Answer | None]:
        """(the error, whether trying again may help, the answer if there was one), or (None,
        False, the answer) on success."""
        name = url.text
        try:
            answer = _exchange(url, method, target, body, headers, self.deadline, keep)
        except TooLarge:
            return PushError(f"{name} answered with more than {keep // 2**20:,} MiB; ask for fewer rows"), False, None
        except _Unreachable as e:
            cause = e.__cause__
            if isinstance(cause, ConnectionRefusedError):
                return PushError(f"cannot reach {name}: connection refused (is the server running?)"), False, None
            if isinstance(cause, TimeoutError):
                return PushError(f"cannot reach {name}: timed out"), False, None
            return PushError(f"cannot reach {name}: {self._said(_reason(cause or e), 200)}"), False, None
        except TimeoutError:
            return PushError(f"{name} did not answer within {self.deadline:g} s"), False, None
        except ConnectionError as e:  # reset or closed midway: often a restart or a proxy, so retried
            return PushError(f"{name} closed the connection ({self._said(_reason(e), 200)})"), True, None
        except http.client.BadStatusLine as e:
            return PushError(f"{name} did not answer with an HTTP status line "
                             f"(got '{self._said(e.line.strip())}')"), False, None  # type: ignore[attr-defined]  # not in typeshed
        except (http.client.HTTPException, ValueError) as e:  # too long a header, too many, bad chunking...
            return PushError(f"{name} sent a malformed HTTP answer ({self._said(str(e), 100)})"), False, None
        except OSError as e:
            return PushError(f"lost the connection to {name}: {self._said(_reason(e), 200)}"), False, None
        if 200 <= answer.status < 300:
            return None, False, answer
        return self._refusal(url, answer), answer.status in RETRY_STATUS, answer

    def _refusal(self, url: Url, answer: _Answer) -> PushError:
        name, code = url.text, answer.status
        try:
            phrase = http.HTTPStatus(code).phrase
        except ValueError:
            phrase = "(unknown status)"
        status = f"{code} {phrase}"
        lines = _readable(answer.text).splitlines()
        first = f": {self._said(lines[0], 200)}" if lines else ""
        if 300 <= code < 400:
            where = f"with Location {self._said(answer.location, 200)}" if answer.location else "with no Location"
            return PushError(f"{name} answered {status} {where}: redirects are not followed "
                             f"(give the final URL as {url.what})", code)
        offered = [scheme for scheme, _ in parse_challenges(*answer.challenges)]
        if code == 401 and self.user is not None and offered and choose(parse_challenges(*answer.challenges),
                                                                         self.user, self.password) is None:
            return PushError(f"{name} asks for {', '.join(dict.fromkeys(offered))} authentication, which kg "
                             "does not speak (it answers Basic and Digest)", code)
        if code in (401, 403):
            return PushError(f"{name} refused the request ({status}): check --user and the "
                             "KG_PASSWORD environment variable", code)
        if code == 404 and self.payload == "the query":
            return PushError(f"{name} answered 404 Not Found: is it the server's SPARQL query endpoint? "
                             "(Oxigraph: http://HOST:7878/query; Fuseki: http://HOST:3030/DATASET/sparql)", code)
        if code == 404 and url.what == "--endpoint":
            return PushError(f"{name} answered 404 Not Found: is it the server's Graph Store endpoint? "
                             "(Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data)", code)
        if code == 404:
            return PushError(f"{name} answered 404 Not Found: is it the server's SPARQL Update endpoint? "
                             "(give --update-endpoint: Virtuoso http://HOST:8890/sparql-auth, Fuseki "
                             "http://HOST:3030/DATASET/update, GraphDB http://HOST:7200/repositories/REPO/statements, "
                             "Oxigraph http://HOST:7878/update)", code)
        if code >= 500:
            return PushError(f"{name} failed with {status}{first}", code)
        return PushError(f"{name} rejected {self.payload} with {status}{first}", code)

    def _said(self, text: str, limit: int = 60) -> str:
        """Text from the server, safe to print: one line, cut short, and never the password (a
        server may echo what it was sent)."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return short(text, limit)


def _readable(text: str) -> str:
    """A server's error page as text: an HTML page's preformatted part (where Virtuoso and Jetty
    put the message), else its text without the tags; plain text as it is."""
    text = text.strip()
    if not re.match(r"<(!doctype\s+html|html)\b", text, re.I):
        return text
    pre = re.search(r"<(pre|xmp)\b[^>]*>(.*?)</\1\s*>", text, re.I | re.S)
    if pre:
        text = pre[2]
    else:
        text = re.sub(r"<(head|script|style)\b.*?</\1\s*>", "", text, flags=re.I | re.S)
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _reason(e: BaseException) -> str:
    return (e.strerror if isinstance(e, OSError) and e.strerror else str(e)) or type(e).__name__
