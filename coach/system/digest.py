"""BLAKE2b and a constant-time compare, without OpenSSL.

``hashlib`` and ``hmac`` load OpenSSL's bindings when imported (~4 ms), and coach needs neither
for what it digests on the path of every command and start (the validated-pack cache's key and
signature, the last good copy's folder name): CPython's own BLAKE2 module and the compare
``hmac`` itself uses are enough.
"""

from __future__ import annotations

try:  # hashlib's blake2b is this same class; importing it from here skips OpenSSL's bindings
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always has it (hashlib has no other blake2b)
    from hashlib import blake2b
try:  # what hmac.compare_digest is
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover - another Python: hmac's own
    from hmac import compare_digest

__all__ = ["blake2b", "compare_digest"]
