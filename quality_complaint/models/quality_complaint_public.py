"""The case as the public sees it: QR links, the web form, the tracking page,
the portal; and the complainant in the case's mail: letters addressed to them
alone, the headers sealed on a protected identity, the redaction when the
retention period ends."""

import base64
import hashlib
import hmac
import io
import os
import re
import secrets
from datetime import datetime
from urllib.parse import urlencode

import qrcode
from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command, Domain
from odoo.tools import LazyTranslate, email_normalize, format_date, format_time, get_lang

from ..audit_trail import rewriting_trail
from ..const import AUDITED_MODELS, KINDS
from ..public_tools import (
    PublicFormRefused,
    check_contact,
    check_public_submission,
    form_text,
    lang_url_prefix,
    mail_apart,
    public_text,
    record_from_token,
    salutation,
)
from .quality_complaint_identity import VAULT_FIELDS

_lt = LazyTranslate(__name__)

QR_SECRET_PARAM = "quality_complaint.qr_secret"
# Hex digits of HMAC-SHA256 kept in the link (64 bits): short enough for a
# small QR code, far too many to guess (and guesses are rate-limited).
QR_SIGNATURE_LENGTH = 16
REPORT_REF_MAX = 64
TEXT_MAX = 10000
LINE_MAX = 200
# What the tracking page and its forms read of the case, fetched with it:
# reading any one field would load every column of the case, well over a
# hundred (a field left out is still read, with the others, when asked for).
TRACKING_PAGE_FIELDS = (
    "access_token",
    "acceptance",
    "ack_deadline",
    "company_id",
    "complainant_request",
    "current_deadline",
    "description",
    "first_contact_user_id",
    "identity_id",
    "identity_restricted",
    "is_anonymous",
    "kind",
    "lang",
    "late_notice_date",
    "name",
    "parent_id",
    "received_date",
    "reply_date",
    "reply_deadline",
    "report_ref",
    "state",
    "user_id",
)
TOKEN_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# What a file of these types starts with; a file that claims the type and
# does not is refused.
SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
# Markup a browser would render, programs a system would run.
ACTIVE_CONTENT = re.compile(rb"^(\xef\xbb\xbf)?\s*(<|MZ|\x7fELF|#!)")
# What a message says about who sent and received it.
HEADER_FIELDS = ("author_id", "email_from", "reply_to", "partner_ids")
# Identity values shorter than this are not searched for in texts: one
# letter or digit would strike out half of every message.
REDACTED_TERM_MIN = 3


# Context marker of a mail the case's customer does not receive: an object,
# which no client can put into a context.
CUSTOMER_NOT_NOTIFIED = object()


# The tracking page's words for each state, and for an answered case the complainant's answer.
PUBLIC_ANSWER_TEXTS = {
    "accepted": (
        _lt("Answer accepted"),
        _lt("You accepted our answer. Thank you: we are completing the handling of your case."),
    ),
    "rejected": (
        _lt("Being reviewed again"),
        _lt(
            "You did not accept our answer. A follow-up case reviews it again, with people "
            "who took no part in the first decision."
        ),
    ),
}
PUBLIC_STATE_TEXTS = {
    "new": (
        _lt("Registered"),
        _lt("We have registered your case and will confirm how we handle it."),
    ),
    "acknowledged": (
        _lt("Being examined"),
        _lt("We have confirmed your case and are examining it."),
    ),
    "investigation": (
        _lt("Under investigation"),
        _lt("People who took no part in the matter are investigating it."),
    ),
    "on_hold": (
        _lt("Waiting for information"),
        _lt("We are waiting for information from you or from a third party."),
    ),
    "decision": (
        _lt("Decision being approved"),
        _lt("A decision has been taken and is being approved."),
    ),
    "approved": (
        _lt("Reply being sent"),
        _lt("The decision is approved; our reply is on its way."),
    ),
    "replied": (
        _lt("Answered"),
        _lt("We have sent you our reply. Please tell us whether you accept it."),
    ),
    "closed": (_lt("Closed"), _lt("The handling of your case has ended.")),
    "cancelled": (_lt("Closed"), _lt("This case was closed without further handling.")),
}


class QualityComplaint(models.Model):
    _inherit = "quality.complaint"

    # === FIELDS === #

    # Public form, tracking and personal data (I1, I10, X2, PIPL)
    # The tracking page and its message form find the case by its token:
    # without an index, every view scanned every case.
    access_token = fields.Char(index="btree_not_null")
    privacy_consent = fields.Boolean(
        string="Consent to personal data processing",
        readonly=True,
        copy=False,
        help="The complainant agreed to the privacy notice on the public form (PIPL).",
    )
    privacy_consent_date = fields.Datetime(string="Consent given on", readonly=True, copy=False)
    report_ref_verified = fields.Boolean(
        string="Report number from a signed QR link", readonly=True, copy=False
    )
    report_link_unverified = fields.Boolean(
        string="Unverified report link",
        readonly=True,
        copy=False,
        help="The case came from a QR link whose signature did not match: the report number "
        "was typed or altered by the sender and is not trusted.",
    )

    redaction_ids = fields.One2many("quality.complaint.redaction", "complaint_id", string="Redactions")

    # === COMPUTE METHODS === #

    def _compute_access_url(self):
        for case in self:
            case.access_url = f"/my/complaints/{case.id}"

    # === CRUD METHODS === #

    def write(self, vals):
        opened = self.browse()
        if {"confidential", "is_real_name"} & set(vals):
            opened = self.filtered(lambda case: not case.identity_restricted)
        result = super().write(vals)
        opened.filtered("identity_restricted")._qc_seal_complainant_headers()
        return result

    def message_post(self, **kwargs):
        # Whatever the route (mail gateway, tracking page, composer), a message
        # on a protected identity is sealed as soon as it is posted.
        message = super().message_post(**kwargs)
        if self.sudo().identity_restricted:
            self._qc_seal_complainant_headers(message)
        return message

    # === MAIL METHODS === #

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        # The complainant's copy is written in the case's language (the mail
        # framework would use their contact's), like the template's body.
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        if len(self) == 1 and self.lang:
            is_complainant = self._qc_is_complainant_recipient()
            for recipient in recipients:
                if is_complainant(recipient):
                    recipient["lang"] = self.lang
        return recipients

    def _notify_get_recipients_classify(self, message, recipients_data, model_description, msg_vals=False):
        # For every mail, portal prepares the customer's access link and a
        # signup token (which writes the customer's contact and its children):
        # a mail the customer does not receive, like the notices to handlers,
        # needs neither.
        cases = self
        if len(self) == 1:
            customers = self._mail_get_partners(introspect_fields=False)[self.id]
            if not set(customers.ids) & {recipient["id"] for recipient in recipients_data}:
                cases = self.with_context(qc_customer_not_notified=CUSTOMER_NOT_NOTIFIED)
        return super(QualityComplaint, cases)._notify_get_recipients_classify(
            message, recipients_data, model_description, msg_vals=msg_vals
        )

    def _mail_get_partners(self, introspect_fields=False):
        if self.env.context.get("qc_customer_not_notified") is CUSTOMER_NOT_NOTIFIED:
            return {case.id: self.env["res.partner"] for case in self}
        return super()._mail_get_partners(introspect_fields=introspect_fields)

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=False):
        """The complainant's copy of a mail carries the salutation and the
        tracking link (mail_layout_complainant); the copy on the case, read by
        all its readers, carries neither."""
        groups = super()._notify_get_recipients_groups(message, model_description, msg_vals=msg_vals)
        if not self:
            return groups
        self.ensure_one()
        if not any(self._qc_complainant_contacts()):
            return groups
        letter = self._qc_letter_values()
        complainant = [
            "qc_complainant",
            self._qc_is_complainant_recipient(),
            {
                "active": True,
                "has_button_access": True,
                "button_access": {"url": letter["tracking_url"], "title": self.env._("Follow your case")},
                "qc_letter": letter,
            },
        ]
        return [complainant, *groups]

    # === BUSINESS METHODS === #

    # Signed report links and QR codes
    @api.model
    def _qc_qr_secret(self):
        """The per-database HMAC key, created once."""
        params = self.env["ir.config_parameter"].sudo()
        secret = params.get_param(QR_SECRET_PARAM)
        if not secret:
            secret = secrets.token_hex(32)
            params.set_param(QR_SECRET_PARAM, secret)
        return secret

    @api.model
    def _qc_clean_report_ref(self, report_ref):
        return " ".join(str(report_ref or "").replace("\x00", "").split())[:REPORT_REF_MAX]

    @api.model
    def _qc_report_signature(self, report_ref):
        digest = hmac.new(
            self._qc_qr_secret().encode(), report_ref.encode("utf-8"), hashlib.sha256
        ).hexdigest()
        return digest[:QR_SIGNATURE_LENGTH]

    @api.model
    def _qc_check_report_signature(self, report_ref, signature):
        if not report_ref or not isinstance(signature, str) or not signature:
            return False
        expected = self._qc_report_signature(report_ref)
        return hmac.compare_digest(expected.encode(), signature.strip().lower().encode("utf-8"))

    @api.model
    def _qc_form_url(self, report_ref=None):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        if not report_ref:
            return f"{base}/complaint"
        query = urlencode({"report": report_ref, "sig": self._qc_report_signature(report_ref)})
        return f"{base}/complaint?{query}"

    @api.model
    def _qc_qr_png(self, data):
        image = qrcode.make(data, box_size=8, border=2)
        stream = io.BytesIO()
        image.save(stream)
        return base64.b64encode(stream.getvalue()).decode()

    @api.model
    def _qc_check_qr_access(self):
        if not self.env.su and not self.env.user.has_group("quality_complaint.group_customer_service"):
            raise AccessError(self.env._("Only customer service may create complaint QR links."))

    @api.model
    def qr_url_for_report(self, report_ref):
        """Absolute URL of the public form for `report_ref`, signed so the number cannot be changed."""
        self._qc_check_qr_access()
        ref = self._qc_clean_report_ref(report_ref)
        if not ref:
            raise UserError(self.env._("Give the report number the QR code is for."))
        return self._qc_form_url(ref)

    @api.model
    def qr_png_for_report(self, report_ref):
        """The QR code of qr_url_for_report(report_ref) as a base64 PNG."""
        return self._qc_qr_png(self.qr_url_for_report(report_ref))

    @api.model
    def _qc_report_qr_src(self, report_ref=None):
        """data: URI of the QR code, for report templates (report_complaint_qr)."""
        ref = self._qc_clean_report_ref(report_ref)
        return "data:image/png;base64," + self.sudo()._qc_qr_png(self.sudo()._qc_form_url(ref))

    # Public form (I1, I10, X2)
    @api.model
    def _qc_upload_limits(self):
        param = self._qc_param
        extensions = param("public_extensions")
        return {
            "max_files": param("public_max_files"),
            "max_mb": param("public_max_file_mb"),
            "extensions": sorted(
                {ext.strip().lower().lstrip(".") for ext in extensions.split(",") if ext.strip()}
            ),
        }

    @api.model
    def _qc_check_uploads(self, files):
        """Validate [(file name, content)]: (accepted files, {field: message})."""
        files = [(name, content) for name, content in files or [] if name or content]
        if not files:
            return [], {}
        limits = self._qc_upload_limits()
        if len(files) > limits["max_files"]:
            return [], {
                "attachments": self.env._("Attach at most %s files.", limits["max_files"]),
            }
        accepted = []
        for raw_name, content in files:
            name = os.path.basename(public_text(raw_name).replace("\\", "/"))[:LINE_MAX] or "file"
            extension = name.rpartition(".")[2].lower() if "." in name else ""
            if extension not in limits["extensions"]:
                return [], {
                    "attachments": self.env._(
                        "%(name)s: this type of file is not accepted. Accepted: %(types)s.",
                        name=name,
                        types=", ".join(limits["extensions"]),
                    )
                }
            if len(content) > limits["max_mb"] * 1024 * 1024:
                return [], {
                    "attachments": self.env._(
                        "%(name)s is larger than %(size)s MB.", name=name, size=limits["max_mb"]
                    )
                }
            signatures = SIGNATURES.get(extension)
            if (signatures and not content.startswith(signatures)) or (
                not signatures and ACTIVE_CONTENT.match(content[:64])
            ):
                return [], {
                    "attachments": self.env._("%s is not the kind of file its name says it is.", name)
                }
            accepted.append((name, content))
        return accepted, {}

    @api.model
    def _qc_parse_public_form(self, values):
        """Case values from the form's fields: (values, {field: message})."""
        errors = {}

        def text(name, limit):
            return form_text(self.env, values, errors, name, limit)

        kind = values.get("kind") or "complaint"
        if kind not in dict(KINDS):
            errors["kind"] = self.env._("Choose what kind of case this is.")
        description = text("description", TEXT_MAX)
        if not description:
            errors["description"] = self.env._("Tell us what happened.")
        anonymous = bool(values.get("is_anonymous"))
        name = text("complainant_name", LINE_MAX)
        organisation = text("complainant_organisation", LINE_MAX)
        phone = text("complainant_phone", 64)
        email = text("complainant_email", LINE_MAX)
        if not anonymous:
            if not name:
                errors["complainant_name"] = self.env._("Give your name, or choose to stay anonymous.")
            check_contact(self.env, errors, email, phone)
            if not values.get("privacy_consent"):
                errors["privacy_consent"] = self.env._(
                    "We need your consent to process your personal data, or choose to stay anonymous."
                )
        category = self.env["quality.complaint.category"]
        category_id = values.get("category_id")
        if category_id:
            category_id = str(category_id)
            category_id = int(category_id) if category_id.isdigit() and len(category_id) < 10 else 0
            category = category.sudo().search([("id", "=", category_id)], limit=1)
            if not category:
                errors["category_id"] = self.env._("Choose a subject from the list.")
        report_ref = self._qc_clean_report_ref(values.get("report"))
        signature = values.get("sig")
        verified = self._qc_check_report_signature(report_ref, signature)
        received = False
        if values.get("report_received_date"):
            try:
                received = fields.Date.to_date(values["report_received_date"])
            except (TypeError, ValueError):
                received = None
            if not received or received > fields.Date.context_today(self):
                errors["report_received_date"] = self.env._("Give a valid date, not in the future.")
        user = self.env.user
        portal_partner = user.partner_id if user.share and not user._is_public() else False
        case_values = {
            "kind": kind,
            "channel": "portal" if portal_partner else "web",
            "description": description,
            "summary": description.splitlines()[0][:80] if description else False,
            "complainant_request": text("complainant_request", TEXT_MAX) or False,
            "category_id": category.id,
            "report_ref": report_ref or False,
            "report_received_date": received or False,
            "report_ref_verified": verified,
            "report_link_unverified": bool(signature) and not verified,
            "is_anonymous": anonymous,
            "received_date": fields.Datetime.now(),
            # Answered in the language of the page the complainant wrote from.
            "lang": get_lang(self.env).code,
        }
        if not anonymous:
            case_values.update(
                {
                    "partner_id": portal_partner.id if portal_partner else False,
                    "complainant_name": name,
                    "complainant_organisation": organisation or False,
                    "complainant_phone": phone or False,
                    "complainant_email": email_normalize(email) or False,
                    "privacy_consent": True,
                    "privacy_consent_date": fields.Datetime.now(),
                }
            )
        return case_values, errors

    @api.model
    def _create_from_public_form(self, values, files, client_ip):
        """Register a case sent through /complaint; raises PublicFormRefused.

        Order matters: the rate limit counts every attempt, then the spam
        trap, then the fields and files; nothing is created unless all pass.
        """
        check_public_submission(self.env, values, client_ip)
        case_values, errors = self._qc_parse_public_form(values)
        accepted_files, file_errors = self._qc_check_uploads(files)
        errors.update(file_errors)
        if errors:
            raise PublicFormRefused(self.env._("Please correct the fields marked below."), errors=errors)
        case = self.sudo()._qc_step("register").with_context(mail_create_nosubscribe=True).create(case_values)
        case._qc_attach(accepted_files)
        case._portal_ensure_token()
        if case.report_link_unverified:
            case._qc_post_note(
                _lt(
                    "The QR link of this case was not signed by the lab: report number %s is unverified.",
                    case.report_ref or "-",
                )
            )
        if not case.is_anonymous:
            case._qc_leave_to_intake("receipt_pending")
        return case

    def _qc_send_receipt(self):
        """Mail the receipt with the tracking link (I4); the intake job does.

        Sent apart from the chatter: a typed address must not become a
        contact (spam, PIPL), and the link is the complainant's alone.
        """
        reachable = self.sudo().filtered(
            lambda case: not case.is_anonymous and any(case._qc_complainant_contacts())
        )
        # Each complainant gets a mail of their own; the notes are logged together.
        reachable._qc_mail_apart(self.env.ref("quality_complaint.mail_template_web_receipt"))
        reachable._qc_post_note(_lt("Receipt with the tracking link mailed to the complainant."))

    def _qc_attach(self, files):
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {"name": name, "raw": content, "res_model": self._name, "res_id": self.id}
                    for name, content in files
                ]
            )
        )

    # Dates as the complainant reads them (mails, tracking page)
    def _qc_public_date(self, value):
        """A date or a deadline in the language of the env (the mail's or the
        page's), on the lab's calendar, the month spelt out: 2026年12月9日,
        December 9, 2026; never an ambiguous 12/09/2026."""
        self.ensure_one()
        if isinstance(value, datetime):
            value = self._qc_calendar()._qc_local_date(value)
        return format_date(self.env, value, date_format="long")

    def _qc_public_datetime(self, value):
        """As _qc_public_date, with the lab's local time of day, without seconds."""
        self.ensure_one()
        if not value:
            return ""
        time_of_day = format_time(self.env, value, tz=self._qc_calendar().tz or "UTC", time_format="short")
        return f"{self._qc_public_date(value)} {time_of_day}"

    # Tracking page (R5, R6)
    @api.model
    def _qc_from_token(self, token):
        """The case of a tracking token, or an empty recordset: never guessable, never partial."""
        return record_from_token(self, token, TOKEN_RE, TRACKING_PAGE_FIELDS)

    def _qc_tracking_url(self):
        """The tracking page's address, opening in the case's language."""
        self.ensure_one()
        prefix = lang_url_prefix(self.env, self.lang)
        return f"{self.get_base_url()}{prefix}/complaint/status/{self.sudo()._portal_ensure_token()}"

    def _qc_public_state(self):
        """The state in plain words for the complainant: (title, explanation)."""
        self.ensure_one()
        answered = PUBLIC_ANSWER_TEXTS.get(self.acceptance) if self.state == "replied" else None
        title, explanation = answered or PUBLIC_STATE_TEXTS[self.state]
        # Only the two texts shown are translated (a lazy text takes no arguments in env._).
        return self.env._(title), self.env._(explanation)

    def _qc_public_follow_ups(self):
        """The cases that continue this one, for its tracking page, each with its
        own tracking link: only those of the same complainant, as staff may
        link any case as a follow-up."""
        self.ensure_one()
        follow_ups = self.sudo().child_ids.filtered(self._qc_same_complainant)
        for follow_up in follow_ups:
            follow_up._portal_ensure_token()
        return follow_ups

    def _qc_public_parent(self):
        """The case this one continues, when it is the same complainant's."""
        self.ensure_one()
        return self.sudo().parent_id.filtered(self._qc_same_complainant)

    def _qc_same_complainant(self, other):
        """Same contact, same e-mail address, or both anonymous."""
        mine, theirs = self.sudo().identity_id, other.sudo().identity_id
        if self.is_anonymous or other.is_anonymous:
            return self.is_anonymous and other.is_anonymous
        if mine.partner_id and mine.partner_id == theirs.partner_id:
            return True
        email = email_normalize(mine.email or "")
        return bool(email) and email == email_normalize(theirs.email or "")

    def _qc_public_messages(self):
        """Messages the complainant may read: theirs, and those the lab sent them.

        Internal notes never show, nor messages staff sent only to each other.
        """
        self.ensure_one()
        identity = self.sudo().identity_id
        email = email_normalize(identity.email or identity.partner_id.email or "")
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("message_type", "in", ("comment", "email", "notification")),
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                ],
                order="date asc, id asc",
            )
        )
        return messages.filtered(
            lambda message: (
                self._qc_message_from_complainant(message)
                or (identity.partner_id and identity.partner_id in message.partner_ids)
                or (email and email in message.partner_ids.mapped("email_normalized"))
            )
        )

    def _qc_message_from_complainant(self, message):
        """Posted from the tracking page: by the complainant's contact, or without author."""
        return message.message_type == "comment" and (
            not message.author_id or message.author_id == self.sudo().identity_id.partner_id
        )

    def _qc_can_answer_outcome(self):
        self.ensure_one()
        return self.state == "replied" and self.acceptance in (False, "pending")

    def _qc_post_public_message(self, body, files, client_ip):
        """The complainant writes to the lab from the tracking page."""
        self.ensure_one()
        self.env["quality.complaint.public.log"]._qc_check_and_log(client_ip, "message")
        if self.state in ("closed", "cancelled"):
            raise PublicFormRefused(
                self.env._("This case is closed. To raise a new matter, please use the complaint form.")
            )
        body = public_text(body)
        errors = {}
        if not body:
            errors["body"] = self.env._("Write your message.")
        elif len(body) > TEXT_MAX:
            errors["body"] = self.env._("At most %s characters, please.", TEXT_MAX)
        accepted_files, file_errors = self._qc_check_uploads(files)
        errors.update(file_errors)
        if errors:
            raise PublicFormRefused(self.env._("Your message was not sent."), errors=errors)
        case = self._qc_as_lab().with_context(mail_create_nosubscribe=True, mail_post_autofollow=False)
        identity = case.identity_id
        author = identity.partner_id if identity.partner_id and not case.identity_restricted else False
        message = case.message_post(
            body=body,  # a str: escaped
            author_id=author.id if author else False,
            email_from=case.env._("Complainant"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=accepted_files,
        )
        user = case.user_id or case.first_contact_user_id
        if user:
            case.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=case.with_context(lang=user.lang).env._("The complainant wrote about %s", case.name),
                user_id=user.id,
            )
        return message

    def _qc_public_answer_outcome(self, accepted, note, client_ip):
        """R5 from the tracking page: returns the follow-up case when not accepted."""
        self.ensure_one()
        self.env["quality.complaint.public.log"]._qc_check_and_log(client_ip, "message")
        if not self._qc_can_answer_outcome():
            raise PublicFormRefused(self.env._("This case does not wait for your answer."))
        note = public_text(note)[:TEXT_MAX]
        # As the lab: the step schedules the follow-up for a staff member.
        case = self._qc_as_lab()
        if accepted:
            case._qc_answer_outcome("complainant_answer", "accepted", "tracking_page", note)
            case._qc_post_note(_lt("The complainant accepted the outcome on the tracking page."))
            return self.browse()
        action = case._qc_answer_outcome("complainant_answer", "rejected", "tracking_page", note)
        follow_up = self.sudo().browse(action["res_id"])
        follow_up._portal_ensure_token()
        return follow_up

    def _qc_as_lab(self):
        """The case as the system, in the lab's language: what a complainant's
        answer causes (notes, to-dos, a follow-up case) is read by the lab."""
        self.ensure_one()
        return self.with_user(SUPERUSER_ID).with_context(lang=self.company_id._qc_lang())

    # Portal (/my/complaints)
    @api.model
    def _qc_portal_domain(self, partner):
        """Cases of a portal user's company: isolated per commercial partner.
        A case from a sender nobody authenticated shows once customer service confirmed who wrote."""
        return [
            ("partner_id", "child_of", partner.commercial_partner_id.id),
            ("sender_unverified", "=", False),
        ]

    @api.model
    def _qc_portal_cases(self, partner, limit=None, offset=0):
        return self.sudo().search(self._qc_portal_domain(partner), limit=limit, offset=offset)

    @api.model
    def _qc_portal_count(self, partner):
        return self.sudo().search_count(self._qc_portal_domain(partner))

    @api.model
    def _qc_portal_case(self, partner, case_id):
        domain = [("id", "=", case_id), *self._qc_portal_domain(partner)]
        return self.sudo().search(domain, limit=1)

    # Letters to the complainant
    def _qc_complainant_contacts(self):
        """(partners, normalised e-mail) that name this case's complainant."""
        self.ensure_one()
        identity = self.sudo().identity_id
        email = email_normalize(identity.email or identity.partner_id.email or "")
        return identity.partner_id, email or False

    def _qc_is_complainant_recipient(self):
        """A test on the mail framework's recipient data: is it the complainant?"""
        partners, email = self._qc_complainant_contacts()
        return lambda recipient: (
            recipient["id"] in partners.ids or bool(email and recipient.get("email_normalized") == email)
        )

    def _qc_letter_values(self):
        """How a mail to the complainant opens and ends (mail_layout_complainant)."""
        self.ensure_one()
        case = self.sudo()
        return {
            "salutation": salutation(self.env, case.identity_id.name or case.identity_id.partner_id.name),
            "tracking_url": case._qc_tracking_url(),
        }

    def _qc_mail_apart(self, template):
        """Mail the template to each case's complainant alone (see
        mail_apart); the identity keeps the mail, for the retention job."""
        cases = self.sudo()
        mails = mail_apart(template, cases, {case.id: case._qc_complainant_contacts() for case in cases})
        for case, mail in zip(cases, mails, strict=True):
            rewriting_trail(case.identity_id, VAULT_FIELDS).apart_message_ids = [
                Command.link(mail.mail_message_id.id)
            ]

    # Protected identities
    def _qc_seal_complainant_headers(self, messages=None):
        """Take the complainant out of the headers of the case's messages once
        the identity is protected: author, sender and reply address,
        recipients and delivery lines. The headers move to the identity
        record, behind its rules, so nothing is lost; the bodies stay as
        written (the trail)."""
        cases = self.sudo().filtered("identity_restricted")
        if not cases:
            return
        if messages is None:
            messages = self.env["mail.message"].search(
                [("model", "=", self._name), ("res_id", "in", cases.ids)]
            )
        messages_by_case = messages.sudo().grouped("res_id")
        for case in cases:
            names_complainant = case._qc_names_complainant()
            sender_label = case.with_context(lang=case.company_id._qc_lang()).env._("Complainant")
            sealed = dict(case.identity_id.sealed_headers or {})
            for message in messages_by_case.get(case.id, ()):
                headers = _complainant_headers(message, names_complainant)
                if headers:
                    sealed[str(message.id)] = headers
                    _remove_complainant_headers(message, headers, names_complainant, sender_label)
            rewriting_trail(case.identity_id, VAULT_FIELDS).sealed_headers = sealed

    def _qc_names_complainant(self):
        """A test: does this partner or address name the complainant?"""
        partners, email = self._qc_complainant_contacts()

        def names_complainant(partner=None, address=None):
            if partner and (partner in partners or (email and partner.email_normalized == email)):
                return True
            return bool(email and address and email_normalize(address) == email)

        return names_complainant

    # Redaction at the end of retention
    def _qc_redact_complainant(self):
        """The one rewrite of the trail: take the complainant's identity out of
        the messages of the case and of its investigations, re-tests,
        nonconforming work and actions (texts, headers, delivery lines), out
        of the mails sent apart and of the follow-up surveys, and leave a
        redaction record saying when, what and by which rule. The identity
        itself is erased by the caller."""
        Redaction = self.env["quality.complaint.redaction"].sudo()
        redactions = Redaction.browse()
        for case in self.sudo():
            placeholder = case.with_context(lang=case.company_id._qc_lang()).env._("[personal data removed]")
            names_complainant = case._qc_names_complainant()
            redact = _redactor(case._qc_identity_pattern(), placeholder)
            messages = case._qc_trail_messages() | case.identity_id.apart_message_ids
            texts = headers = 0
            for message in messages:
                values = {name: redact(message[name]) for name in ("body", "subject") if message[name]}
                values = {name: value for name, value in values.items() if value != message[name]}
                if values:
                    texts += 1
                    rewriting_trail(message, ("body", "subject")).write(values)
                found = _complainant_headers(message, names_complainant)
                if found:
                    headers += 1
                    _remove_complainant_headers(message, found, names_complainant, placeholder)
            for mail in self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)]):
                mail.write(
                    {
                        "body_html": redact(Markup(mail.body_html or "")),
                        "email_to": placeholder
                        if names_complainant(address=mail.email_to)
                        else mail.email_to,
                    }
                )
            responses = case.satisfaction_response_ids.filtered(
                lambda response: response.partner_id or response.email
            )
            responses.write({"partner_id": False, "email": False})
            redactions |= Redaction._qc_record(case, texts, headers, len(responses))
        return redactions

    def _qc_identity_pattern(self):
        """A regular expression matching the complainant's identity values in a
        text as stored (HTML-escaped or not), longest first; None without any."""
        self.ensure_one()
        identity = self.sudo().identity_id
        values = {
            identity.name,
            identity.organisation,
            identity.phone,
            identity.email,
            identity.address,
            identity.partner_id.name,
            identity.partner_id.email,
            identity.partner_id.phone,
        }
        terms = {term.strip() for term in values if term and len(term.strip()) >= REDACTED_TERM_MIN}
        terms |= {str(escape(term)) for term in terms}
        if not terms:
            return None
        return re.compile(
            "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
        )

    def _qc_trail_messages(self):
        """The messages of the case and of the records of its trail."""
        domains = [Domain("model", "=", self._name) & Domain("res_id", "in", self.ids)]
        for model_name in AUDITED_MODELS - {self._name}:
            records = self.env[model_name].sudo().search([("complaint_id", "in", self.ids)])
            if records:
                domains.append(Domain("model", "=", model_name) & Domain("res_id", "in", records.ids))
        return self.env["mail.message"].sudo().search(Domain.OR(domains))


def _complainant_headers(message, names_complainant):
    """The headers of `message` that name the complainant, as they were, or None."""
    author = message.author_id if names_complainant(message.author_id) else message.author_id.browse()
    sender = bool(author) or names_complainant(address=message.email_from)
    reply_to = names_complainant(address=message.reply_to)
    recipients = message.partner_ids.filtered(names_complainant)
    notifications = _complainant_notifications(message, names_complainant)
    if not (sender or reply_to or recipients or notifications):
        return None
    return {
        "author_id": author.id,
        "email_from": message.email_from if sender else False,
        "reply_to": message.reply_to if reply_to else False,
        "partner_ids": recipients.ids,
        "notifications": [
            {
                "partner_id": notification.res_partner_id.id,
                "email": notification.mail_email_address,
                "type": notification.notification_type,
                "status": notification.notification_status,
            }
            for notification in notifications
        ],
    }


def _complainant_notifications(message, names_complainant):
    return message.notification_ids.filtered(
        lambda notification: names_complainant(notification.res_partner_id, notification.mail_email_address)
    )


def _remove_complainant_headers(message, headers, names_complainant, sender_label):
    """Write `message` without the complainant's `headers` (see _complainant_headers)."""
    values = {}
    if headers["author_id"] or headers["email_from"]:
        values.update(author_id=False, email_from=sender_label)
    if headers["reply_to"]:
        values["reply_to"] = False
    if headers["partner_ids"]:
        values["partner_ids"] = [Command.unlink(partner_id) for partner_id in headers["partner_ids"]]
    if values:
        rewriting_trail(message, HEADER_FIELDS).write(values)
    _complainant_notifications(message, names_complainant).unlink()


def _redactor(pattern, placeholder):
    """A function that replaces the identity values `pattern` matches in a
    text (HTML bodies escaped, plain texts as they are) by `placeholder`."""
    escaped = str(escape(placeholder))

    def redact(text):
        if not pattern or not text:
            return text
        if isinstance(text, Markup):
            return Markup(pattern.sub(escaped, text))
        return pattern.sub(placeholder, text)

    return redact
