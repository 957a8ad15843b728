"""BLAKE2b and a constant-time compare, without OpenSSL.

``hashlib`` and ``hmac`` load OpenSSL's bindings when imported (~4 ms), and coach needs neither
for what it digests on the path of every command and start (the validated-pack cache's key and
signature, the last good copy's folder name): CPython's own BLAKE2 module and the compare
``hmac`` itself uses are enough.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
    from _operator import _compare_digest as compare_digest
except ImportError:  # a Python built without them
    from hashlib import blake2b
    from hmac import compare_digest

__all__ = ["blake2b", "compare_digest"]
