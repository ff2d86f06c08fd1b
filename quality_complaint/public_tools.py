"""What the public side shares: spam trap, refusals, posted texts, token lookup, mails to the complainant alone."""

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import email_normalize

# The field bots fill in and people never see.
HONEYPOT_FIELD = "website_url"
# The role that writes to complainants (and the roles above it): the only
# staff who may hold a complainant's tracking or survey link.
LINK_HOLDER_GROUP = "quality_complaint.group_customer_service"


def may_read_complainant_links(env):
    """Whoever holds a link acts as the complainant (a satisfied follow-up
    closes a case). Internal auditors, records administrators and
    departments read the cases, never as the customer."""
    return env.su or not env.user._is_internal() or env.user.has_group(LINK_HOLDER_GROUP)


def mail_apart(template, records, recipients):
    """Mail `template` about each of `records` to its complainant alone, kept
    apart from the records: the mails are linked to no record, so no reader
    of the case or of the survey opens them, their greeting or their personal
    link. `recipients` maps each record's id to its (partners, email).

    The mails are rendered together (the template's body is compiled once,
    not once per mail), then each is addressed to its own complainant only:
    whatever recipients the template names are replaced. Returns the mails,
    in the order of `records`. The caller notes on the records that they
    were sent."""
    mails = template.sudo().send_mail_batch(
        records.ids,
        email_values={
            "model": False,
            "res_id": False,
            "recipient_ids": [],
            "email_to": False,
            "email_cc": False,
        },
        email_layout_xmlid="quality_complaint.mail_layout_complainant_direct",
    )
    for record, mail in zip(records, mails, strict=True):
        partners, email = recipients[record.id]
        mail.write({"recipient_ids": [Command.set(partners.ids)], "email_to": False if partners else email})
    return mails


def salutation(env, name):
    """How a mail to the complainant opens, in the language of `env`."""
    return env._("Dear %s,", name) if name else env._("Dear customer,")


def public_text(value):
    """A text field of a public request: stripped, and "" unless it is a string.

    NUL characters are removed: PostgreSQL cannot store them, and a request
    carrying one must be answered, not end in a server error.
    """
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""


def form_text(env, values, errors, name, limit):
    """The text field `name` of a public form, cut to `limit` characters; a
    longer one is marked in `errors`."""
    value = public_text(values.get(name))
    if len(value) > limit:
        errors[name] = env._("At most %s characters, please.", limit)
    return value[:limit]


def check_contact(env, errors, email, phone):
    """Mark in `errors` a public form's contact that cannot be answered: neither
    e-mail nor phone, or an e-mail address that is no address."""
    if not email and not phone:
        errors["complainant_email"] = env._(
            "Give an e-mail address or a phone number so that we can answer you."
        )
    elif email and not email_normalize(email):
        errors["complainant_email"] = env._("This e-mail address is not valid.")


def check_public_submission(env, values, client_ip):
    """Refuse a public form's submission over the rate limit or caught by
    the spam trap. Every attempt counts, refused ones too."""
    env["quality.complaint.public.log"]._qc_check_and_log(client_ip, "form")
    if values.get(HONEYPOT_FIELD):
        raise PublicFormRefused(
            env._("Your submission could not be accepted. Please call or write to us instead.")
        )


class PublicFormRefused(UserError):
    """A request from the public pages that is refused.

    `http_status` is the status of the page that says why (400, 429 ...);
    `errors` maps form fields to messages when the sender can correct them.
    """

    def __init__(self, message, status=400, errors=None):
        super().__init__(message)
        self.http_status = status
        self.errors = errors or {}


def record_from_token(model, token, token_re, field_names=()):
    """The record of `model` whose `access_token` is `token`, in sudo, or an
    empty recordset: the token must match `token_re` whole (a random UUID or
    hex string), so it is never guessable, never partial. `field_names` are
    read by the same query."""
    if not isinstance(token, str) or not token_re.match(token):
        return model.browse()
    return model.sudo().search_fetch([("access_token", "=", token)], field_names, limit=1)


def lang_url_prefix(env, lang_code):
    """ "/zh_CN" (the language's URL code) to put before a public path so that
    the page opens in that language; the visitor may still switch. Empty when
    the database has a single language, which pages use anyway."""
    Lang = env["res.lang"]
    if not lang_code or len(Lang._get_active_by("code")) < 2:
        return ""
    url_code = Lang._get_data(code=lang_code).url_code
    return f"/{url_code}" if url_code else ""
