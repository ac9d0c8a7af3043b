"""HTTP authentication as a server asks for it in its ``401``: Basic or Digest (RFC 7617, RFC 7616).

kg sends no password until a server asks for one: the first request goes without, and the
``WWW-Authenticate`` challenges of the ``401`` say which scheme the next one uses. Digest is
preferred where it is offered (the password itself never crosses the network); a ``401``
that names no scheme gets Basic. Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth``
offer Digest only; Fuseki, GraphDB and most proxies offer Basic.

>>> challenges = parse_challenges('Digest realm="SPARQL", nonce="abc", qop="auth,auth-int", algorithm=MD5')
>>> challenges
[('digest', {'realm': 'SPARQL', 'nonce': 'abc', 'qop': 'auth,auth-int', 'algorithm': 'MD5'})]
>>> auth = choose(challenges, "dba", "dba")
>>> auth.header("PUT", "/sparql-graph-crud-auth?graph=urn%3Ag", cnonce="0a4f113b").split(", ")[:5]
['Digest username="dba"', 'realm="SPARQL"', 'nonce="abc"', 'uri="/sparql-graph-crud-auth?graph=urn%3Ag"', 'algorithm=MD5']
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass, field

__all__ = ["parse_challenges", "choose", "Basic", "Digest"]

# A scheme, or one auth-param: name=token or name="quoted string" (RFC 9110, 11.2).
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PARAM = re.compile(rf'\s*({_TOKEN})\s*=\s*("(?:[^"\\]|\\.)*"|{_TOKEN}=*)\s*(?:,|$)')
_SCHEME = re.compile(rf"\s*({_TOKEN})(?=\s|,|$)\s*,?")
_TOKEN68 = re.compile(r"\s*[A-Za-z0-9._~+/-]+=*\s*(?:,|$)")
_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


def parse_challenges(*headers: str) -> list[tuple[str, dict[str, str]]]:
    """The challenges of ``WWW-Authenticate`` header values: (scheme in lower case, parameters);
    what cannot be read is skipped (a token68 challenge keeps no parameters).

    >>> parse_challenges('Basic realm="a \\\\"b\\\\"", Digest realm=x, nonce="1,2"')
    [('basic', {'realm': 'a "b"'}), ('digest', {'realm': 'x', 'nonce': '1,2'})]
    """
    found: list[tuple[str, dict[str, str]]] = []
    for header in headers:
        pos = 0
        while pos < len(header):
            scheme = _SCHEME.match(header, pos)
            if not scheme:
                break
            pos, params = scheme.end(), {}
            if not _PARAM.match(header, pos) and (token68 := _TOKEN68.match(header, pos)):
                pos = token68.end()  # Negotiate's or Bearer's blob: nothing kg reads
            while param := _PARAM.match(header, pos):
                value = param[2]
                if value.startswith('"'):
                    value = re.sub(r"\\(.)", r"\1", value[1:-1])
                params[param[1].lower()] = value
                pos = param.end()
            found.append((scheme[1].lower(), params))
    return found


@dataclass
class Basic:
    """``Authorization: Basic`` (the password, base64-encoded: readable by anyone on the way)."""

    user: str
    password: str
    token: str = field(init=False)

    def __post_init__(self) -> None:
        self.token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()

    def header(self, method: str, target: str, cnonce: str | None = None) -> str:
        return f"Basic {self.token}"


@dataclass
class Digest:
    """``Authorization: Digest`` for one challenge; each request counts up the nonce's use."""

    user: str
    password: str
    realm: str
    nonce: str
    opaque: str | None = None
    qop: str | None = None  # "auth", or None for RFC 2069's form
    algorithm: str = "MD5"  # MD5, SHA-256, or either with -sess
    count: int = 0

    def header(self, method: str, target: str, cnonce: str | None = None) -> str:
        """The header for one request (``target``: its path and query, as in the request line)."""
        h = _HASHES[self.algorithm.upper().removesuffix("-SESS")]

        def hexdigest(text: str) -> str:
            return h(text.encode("utf-8")).hexdigest()

        self.count += 1
        cnonce = cnonce or os.urandom(8).hex()
        nc = f"{self.count:08x}"
        ha1 = hexdigest(f"{self.user}:{self.realm}:{self.password}")
        if self.algorithm.upper().endswith("-SESS"):
            ha1 = hexdigest(f"{ha1}:{self.nonce}:{cnonce}")
        ha2 = hexdigest(f"{method}:{target}")
        if self.qop:
            response = hexdigest(f"{ha1}:{self.nonce}:{nc}:{cnonce}:{self.qop}:{ha2}")
        else:
            response = hexdigest(f"{ha1}:{self.nonce}:{ha2}")
        parts = [f"username={_quoted(self.user)}", f"realm={_quoted(self.realm)}", f"nonce={_quoted(self.nonce)}",
                 f"uri={_quoted(target)}", f"algorithm={self.algorithm}", f'response="{response}"']
        if self.opaque is not None:
            parts.append(f"opaque={_quoted(self.opaque)}")
        if self.qop:
            parts += [f"qop={self.qop}", f"nc={nc}", f'cnonce="{cnonce}"']
        return "Digest " + ", ".join(parts)


def choose(challenges: list[tuple[str, dict[str, str]]], user: str, password: str) -> Basic | Digest | None:
    """How to answer ``challenges``: Digest where one is offered that kg can answer (MD5 or
    SHA-256, with qop ``auth`` or none), else Basic where offered or where no scheme is named
    at all; None when only schemes kg does not speak are offered (Bearer, Negotiate ...)."""
    digests = []
    for scheme, params in challenges:
        if scheme != "digest" or "nonce" not in params:
            continue
        algorithm = params.get("algorithm", "MD5")
        qops = [q.strip() for q in params.get("qop", "").split(",") if q.strip()]
        if algorithm.upper().removesuffix("-SESS") not in _HASHES or (qops and "auth" not in qops):
            continue
        digests.append(Digest(user, password, params.get("realm", ""), params["nonce"], params.get("opaque"),
                              "auth" if qops else None, algorithm))
    if digests:  # the strongest hash first
        return max(digests, key=lambda d: d.algorithm.upper().startswith("SHA-256"))
    if not challenges or any(scheme == "basic" for scheme, _ in challenges):
        return Basic(user, password)
    return None


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
