"""Whether the lab's own mail server authenticated the sender of an incoming mail.

Anyone can write any `From:`. A mail is trusted to come from its `From:`
address only when the topmost `Authentication-Results` header (RFC 8601),
the one the lab's receiving server added last, carries the authserv-id set
in the settings and says:

- `dmarc=pass`, whose `header.from` is the From domain: the sender's domain
  publishes a DMARC policy and an SPF or DKIM check aligned with the From
  domain passed; or, when the domain publishes no DMARC policy (no
  `dmarc=fail`),
- `dkim=pass` with a signing domain (`header.d`) equal to the From domain, or
- `spf=pass` with an envelope sender (`smtp.mailfrom`) of the From domain.

Headers below the topmost one were written before the mail reached the
lab's server, possibly by the sender: they are never read. The lab's
server must add its header to every mail it delivers to Odoo (rspamd,
OpenDMARC and Exchange Online do) and remove those that claim its
authserv-id.
"""

import re
from dataclasses import dataclass

from odoo.tools import email_normalize

# Context key of the gateway's verdict for the mail being processed.
AUTHENTICATED_SENDER = "qc_authenticated_sender"
# method[/version] = value, or property = value; a value may be a quoted string.
PAIR_RE = re.compile(r'([\w.\-/]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s";]+)')


@dataclass(frozen=True)
class AuthenticatedSender:
    """The From address the lab's mail server authenticated.

    The mail gateway puts it in the context of the mail it routes; JSON-RPC
    and XML-RPC cannot carry a Python object, so no client can claim it.
    """

    email: str


def _without_comments(value):
    """`value` without its (nested) comments, keeping quoted strings whole."""
    kept, depth, quoted, escaped = [], 0, False, False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == "(":
            depth += 1
            continue
        elif char == ")" and depth:
            depth -= 1
            continue
        elif char == '"' and not depth:
            quoted = True
        if not depth:
            kept.append(char)
    return "".join(kept)


def _split_statements(value):
    """The `;`-separated parts of a header value, outside quoted strings."""
    parts, current, quoted, escaped = [], [], False, False
    for char in value:
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
            continue
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        current.append(char)
    parts.append("".join(current))
    return parts


def parse_authentication_results(value):
    """(authserv-id, [(method, result, {property: value})]) of one header value, lower-cased."""
    statements = _split_statements(_without_comments(str(value)))
    server = statements[0].split()
    results = []
    for statement in statements[1:]:
        pairs = [(key.lower(), raw.strip('"').lower()) for key, raw in PAIR_RE.findall(statement)]
        if pairs:
            method, result = pairs[0]
            results.append((method.split("/")[0], result, dict(pairs[1:])))
    return (server[0].lower() if server else ""), results


def _domain(address):
    return address.rpartition("@")[2].strip().lower()


def authenticated_sender(message, authserv_id):
    """The AuthenticatedSender of an email.message.Message, or None (see the module's docstring)."""
    headers = message.get_all("Authentication-Results") or []
    senders = message.get_all("From") or []
    email = email_normalize(str(senders[0])) if len(senders) == 1 else False
    if not (authserv_id and headers and email):
        return None
    server, results = parse_authentication_results(headers[0])
    if server != authserv_id.strip().lower():
        return None
    from_domain = _domain(email)
    dmarc = [(result, properties) for method, result, properties in results if method == "dmarc"]
    if any(
        result == "pass" and properties.get("header.from", from_domain) == from_domain
        for result, properties in dmarc
    ):
        return AuthenticatedSender(email)
    if any(result != "none" for result, _properties in dmarc):
        return None
    aligned = {
        "dkim": lambda properties: properties.get("header.d") or _domain(properties.get("header.i", "")),
        "spf": lambda properties: _domain(properties.get("smtp.mailfrom", "")),
    }
    for method, result, properties in results:
        if result == "pass" and method in aligned and aligned[method](properties) == from_domain:
            return AuthenticatedSender(email)
    return None


def sender_is_authenticated(env, email_from):
    """Whether the mail being processed in `env` was authenticated as coming from `email_from`."""
    sender = env.context.get(AUTHENTICATED_SENDER)
    return isinstance(sender, AuthenticatedSender) and sender.email == email_normalize(email_from or "")
