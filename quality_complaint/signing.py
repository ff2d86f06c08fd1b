"""Signatures of quality records: the canonical form of what is signed, and
the Python-only path on which demo data and tests sign without a password."""

import hashlib
import json

SIGNATURE_CONTEXT = "qc_signature"


class _SignedInPython:
    """The marker of a signature given by the module's own Python code (demo
    data, tests): an object in the context, which no JSON or XML-RPC client can
    send. Its signatures are recorded as such, never as re-authenticated."""

    __slots__ = ()


def signing_context(context):
    """`context` in which signed steps are signed without asking a password."""
    return dict(context, **{SIGNATURE_CONTEXT: _SignedInPython()})


def signing_in_python(records):
    """`records` whose signed steps are signed without asking a password."""
    return records.with_env(records.env(context=signing_context(records.env.context)))


def is_signing_in_python(env):
    return isinstance(env.context.get(SIGNATURE_CONTEXT), _SignedInPython)


def canonical_json(payload):
    """One text per payload: sorted keys, no spaces, UTF-8 kept as is (RFC 8785 for
    the strings, integers and strings the payloads hold)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()
