"""JSON Web Tokens as a Cognito user pool authorizer checks them: RS256 signatures against a JWKS.

Only what the check needs: split and decode a compact JWT, find its key by `kid`, verify the RSA
PKCS#1 v1.5 SHA-256 signature with `cryptography`. Anything malformed is an `InvalidToken`.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey, RSAPublicNumbers
from cryptography.hazmat.primitives.hashes import SHA256


class InvalidToken(Exception):
    """The token is malformed, unsigned by a known key, or its signature does not verify."""


def _b64decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidToken(f"not base64url: {error}") from None


def _b64int(text: str) -> int:
    return int.from_bytes(_b64decode(text), "big")


def public_keys(jwks: Any) -> dict[str, RSAPublicKey]:
    """The RSA keys of a JWKS document (`{"keys": [{"kid", "kty": "RSA", "n", "e"}, ...]}`), by kid."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise ValueError('a JWKS is {"keys": [...]}')
    keys = {}
    for key in jwks["keys"]:
        if isinstance(key, dict) and key.get("kty") == "RSA" and {"kid", "n", "e"} <= set(key):
            keys[str(key["kid"])] = RSAPublicNumbers(_b64int(key["e"]), _b64int(key["n"])).public_key()
    return keys


def decode(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """Header, claims, signed bytes and signature of a compact JWT, unverified."""
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("a JWT has three dot-separated parts")
    try:
        header, claims = json.loads(_b64decode(parts[0])), json.loads(_b64decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidToken(f"not JSON: {error}") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise InvalidToken("header and claims must be JSON objects")
    return header, claims, f"{parts[0]}.{parts[1]}".encode(), _b64decode(parts[2])


def verified_claims(token: str, keys: dict[str, RSAPublicKey]) -> dict[str, Any]:
    """The claims of a token whose RS256 signature one of the keys verifies."""
    header, claims, signed, signature = decode(token)
    if header.get("alg") != "RS256":
        raise InvalidToken(f"alg {header.get('alg')!r} is not RS256")
    key = keys.get(str(header.get("kid")))
    if key is None:
        raise InvalidToken(f"no key with kid {header.get('kid')!r} in the JWKS")
    try:
        key.verify(signature, signed, PKCS1v15(), SHA256())
    except InvalidSignature:
        raise InvalidToken("the signature does not verify") from None
    return claims
