"""Signed steps of cases and corrective actions, and the letters anyone can verify."""

from odoo import fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.tools import LazyTranslate

from ..signing import is_signing_in_python
from .quality_workflow_mixin import StepRequired

_lt = LazyTranslate(__name__)

# Signed step -> the complaint setting that asks for the signer's password.
SIGNATURE_SETTINGS = {
    "approve": "sign_approval",
    "send_reply": "sign_reply",
    "close": "sign_close",
    "record_effectiveness": "sign_effectiveness",
}
MEANINGS = {
    "approve": _lt("Approved as %s"),
    "send_reply": _lt("Reply letter issued as %s"),
    "close": _lt("Case closed and end notice issued as %s"),
    "record_effectiveness": _lt("Effectiveness of the corrective action checked as %s"),
}
# The documents the steps issue, each with a verification code.
ISSUED_REPORTS = {
    "send_reply": "quality_complaint.action_report_reply_letter",
    "close": "quality_complaint.action_report_end_notice",
}
# What a case's signatures cover: once signed, nobody changes these (reopening
# the decision voids the signature first).
SIGNED_CASE_FIELDS = frozenset(
    {
        "name",
        "validity",
        "invalid_reason",
        "validity_reasoning",
        "resolution",
        "compensation_amount",
        "decider_id",
        "decision_involved_user_ids",
        "approval_involved_user_ids",
    }
)
SIGNED_CASE_STEPS = ("approve", "send_reply", "close")
# Wrong signature passwords a user may give in a window of so many minutes
# before signing is refused until the window ends: a session left open must
# not let anyone try passwords at the speed of a script.
SIGNATURE_PASSWORD_ATTEMPTS = 5
SIGNATURE_LOCK_MINUTES = 15
# The attachment names of the issued documents, from their live signatures.
ISSUED_FILE_NAMES = ["reply_letter_file_name", "end_notice_file_name"]


class SignatureMixin(models.AbstractModel):
    """The password check and the signature record of a signed step."""

    _name = "quality.signature.mixin"
    _description = "Signed steps"

    def _qc_signature_authentication(self, step, password):
        """How the signer of `step` on `self` is authenticated: "password" (checked
        now), "python" (the module's own path) or "none" (the settings ask for no
        signature). Refuses a missing or wrong password."""
        if not self._qc_signature_required(step):
            return "none"
        if is_signing_in_python(self.env):
            return "python"
        if not isinstance(password, str) or not password:
            raise UserError(
                self.env._(
                    "This step is signed: give your password (signature_password=... over the API, "
                    "the signature dialog in the application)."
                )
            )
        Counter = self.env["quality.complaint.public.log"].sudo()
        counter_key = f"user:{self.env.uid}"
        if (
            Counter._qc_current_count(counter_key, "signature", SIGNATURE_LOCK_MINUTES)
            >= SIGNATURE_PASSWORD_ATTEMPTS
        ):
            raise UserError(
                self.env._(
                    "Too many wrong passwords: signing is locked for up to %s minutes.",
                    SIGNATURE_LOCK_MINUTES,
                )
            )
        try:
            # Interactive: the password itself, never an API key, and no session's recent check.
            self.env.user._check_credentials(
                {"type": "password", "login": self.env.user.login, "password": password},
                {"interactive": True},
            )
        except AccessDenied:
            # Counted in a transaction of its own: the refusal rolls this one back.
            with self.env.registry.cursor() as counter_cr:
                Counter.with_env(Counter.env(cr=counter_cr))._qc_increment(
                    counter_key, "signature", SIGNATURE_LOCK_MINUTES
                )
            raise UserError(self.env._("Wrong password: the step is not signed, nor taken.")) from None
        return "password"

    def _qc_signature_required(self, step):
        """Whether the company of a record of `self` has `step` signed (its complaint settings)."""
        Complaint = self.env["quality.complaint"]
        return any(Complaint._qc_param(SIGNATURE_SETTINGS[step], company) for company in self.company_id)

    def _qc_signature_role(self, step):
        self.ensure_one()
        xmlids = self._qc_step_groups(step)
        held = [xmlid for xmlid in xmlids if self.env.user.has_group(xmlid)] or list(xmlids)
        return self.env.ref(held[0]).name if held else ""

    def _qc_sign(self, step, authentication, with_code=False):
        """One signature per record of `self`, in the lab's language, of its signed payload."""
        Signature = self.env["quality.complaint.signature"]
        signatures = Signature
        for record in self:
            lab = record.with_context(lang=record.company_id._qc_lang())
            role = lab._qc_signature_role(step)
            signatures |= Signature._qc_record(
                record,
                step,
                # A lazy text takes no arguments in env._: its placeholder is filled after translation.
                meaning=lab.env._(MEANINGS[step]) % role,  # pylint: disable=translation-not-lazy
                role=role,
                payload=record._qc_signed_payload(),
                authentication=authentication,
                with_code=with_code,
            )
        return signatures

    def _qc_signed_payload(self):
        """What a signature of the record covers, as plain JSON values: its
        reference here, the signed fields in each model's override."""
        self.ensure_one()
        return {"reference": self.name}

    def _qc_live_signatures(self, steps=None):
        return self.env["quality.complaint.signature"]._qc_live_of(self, steps)

    def _qc_void_signatures(self, reason, steps=None):
        """Void the live signatures of `self`, with a note on each record that keeps them visible."""
        signatures = self._qc_live_signatures(steps)
        signatures._qc_void(reason)
        for signature in signatures:
            record = self.browse(signature.res_id)
            record._qc_post_note(
                _lt(
                    "Signature withdrawn: %(meaning)s, signed by %(signer)s on %(date)s UTC. Reason: %(reason)s",
                    meaning=signature.meaning,
                    signer=signature.signer_name,
                    date=fields.Datetime.to_string(signature.signed_at),
                    reason=reason,
                )
            )
        return signatures


def user_refs(users):
    """People as signed: id and name, in a stable order."""
    return [[user.id, user.name] for user in users.sorted("id")]


class QualityComplaint(models.Model):
    _name = "quality.complaint"
    _inherit = ["quality.complaint", "quality.signature.mixin"]

    # === FIELDS === #

    signature_ids = fields.One2many(
        "quality.complaint.signature",
        "res_id",
        string="Signatures",
        domain=[("res_model", "=", "quality.complaint")],
        readonly=True,
        # Departments work on their part of a case; the signatures are the lab's.
        groups="quality_complaint.group_customer_service,quality_complaint.group_internal_auditor,"
        "quality_complaint.group_records_admin",
    )
    reply_letter_file_name = fields.Char(
        compute="_compute_issued_file_names",
        help="The name of the reply letter as sent, kept with the case; empty before it is sent.",
    )
    end_notice_file_name = fields.Char(compute="_compute_issued_file_names")

    # === COMPUTE METHODS === #

    def _compute_issued_file_names(self):
        for case in self:
            reply = case._qc_issued_signature("send_reply")
            end = case._qc_issued_signature("close")
            case.reply_letter_file_name = (
                reply and f"Reply {case.name.replace('/', '-')} {reply.verification_code[:8]}.pdf"
            )
            case.end_notice_file_name = (
                end and f"End notice {case.name.replace('/', '-')} {end.verification_code[:8]}.pdf"
            )

    # === CRUD METHODS === #

    def write(self, vals):
        signed = set(vals) & SIGNED_CASE_FIELDS
        if signed and self._qc_live_signatures(SIGNED_CASE_STEPS):
            labels = sorted(self._fields[name]._description_string(self.env) for name in signed)
            raise StepRequired(
                self.env._(
                    "%(fields)s: signed, and kept as signed. Reopen the decision to change it.",
                    fields=", ".join(labels),
                )
            )
        return super().write(vals)

    # === ACTION METHODS === #

    def action_open_signature_dialog(self):
        """The button of a signed step: the password dialog where the lab signs it, else the step."""
        step = self.env.context.get("qc_signature_step")
        if step not in SIGNED_CASE_STEPS:
            raise UserError(self.env._("This step is not signed."))
        self._qc_step(step)
        if not self._qc_signature_required(step):
            return getattr(self, STEP_METHODS[step])()
        # Made here and opened saved, as Odoo's own password check does: the
        # dialog then hands the typed password to its button's context.
        dialog = self.env["quality.complaint.signature.wizard"].create(
            {"complaint_ids": [fields.Command.set(self.ids)], "step": step}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign"),
            "res_model": dialog._name,
            "res_id": dialog.id,
            "views": [(False, "form")],
            "target": "new",
        }

    def action_approve(self, signature_password=None):
        self._qc_step("approve")
        authentication = self._qc_signature_authentication("approve", signature_password)
        result = super().action_approve()
        if authentication != "none":
            self._qc_sign("approve", authentication)._qc_seal()
        return result

    def action_send_reply(self, reply_date=None, signature_password=None):
        self._qc_step("send_reply")
        authentication = self._qc_signature_authentication("send_reply", signature_password)
        # Before the mail: the letter it attaches prints the code.
        signatures = self._qc_sign("send_reply", authentication, with_code=True)
        self.invalidate_recordset(ISSUED_FILE_NAMES)
        result = super().action_send_reply(reply_date=reply_date)
        self._qc_issue("send_reply", signatures)
        return result

    def action_close(self, close_date=None, signature_password=None):
        self._qc_step("close")
        authentication = self._qc_signature_authentication("close", signature_password)
        signatures = self._qc_sign("close", authentication, with_code=True)
        self.invalidate_recordset(ISSUED_FILE_NAMES)
        result = super().action_close(close_date=close_date)
        self._qc_issue("close", signatures)
        return result

    def action_reopen_decision(self, reason=None):
        """Reopening voids the decision's signatures, visibly, before the decision changes."""
        self._qc_step("reopen_decision")
        if (reason or "").strip():
            self._qc_void_signatures(reason.strip(), SIGNED_CASE_STEPS)
        return super().action_reopen_decision(reason=reason)

    def action_withdraw_reply(self, reason=None):
        """The letter's signature is voided with it: its verification page says "withdrawn"."""
        result = super().action_withdraw_reply(reason=reason)
        self._qc_void_signatures(reason.strip(), ("send_reply",))
        return result

    # === BUSINESS METHODS === #

    def _qc_signed_payload(self):
        """What a signature of the case covers (the complainant aside), as plain JSON values."""
        return {
            **super()._qc_signed_payload(),
            "decision": {"validity": self.validity or None, "invalid_reason": self.invalid_reason or None},
            "reasons": self.validity_reasoning or "",
            "resolution": self.resolution or "",
            "compensation": {
                "amount": f"{self.compensation_amount or 0.0:.2f}",
                "currency": self.currency_id.name,
            },
            "decider": user_refs(self.decider_id),
            "involved_at_decision": user_refs(self.decision_involved_user_ids),
            "involved_at_approval": user_refs(self.approval_involved_user_ids),
        }

    def _qc_issued_signature(self, step):
        """The live signature of the document `step` issued, if any."""
        self.ensure_one()
        if not self.id:
            return self.env["quality.complaint.signature"]
        signatures = self._qc_live_signatures((step,)).filtered("verification_code")
        return signatures.sorted("id")[-1:] if signatures else signatures

    def _qc_issue(self, step, signatures):
        """Keep the document `step` issued, as issued, and seal its signature with its digest.

        A mail to the complainant rendered it already, and Odoo kept it under
        the report's attachment name; else it is rendered and kept now.
        """
        report = self.env.ref(ISSUED_REPORTS[step])
        name_field = "reply_letter_file_name" if step == "send_reply" else "end_notice_file_name"
        Attachment = self.env["ir.attachment"].sudo()
        for case, signature in zip(self, signatures, strict=True):
            case.invalidate_recordset([name_field])
            name = case[name_field]
            attachment = case._qc_attachment_named(name)
            if not attachment:
                content, kind = self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, case.ids)
                if kind != "pdf":
                    # Odoo renders HTML under test: kept under a name of its own, so
                    # that a PDF printed later is never answered with it.
                    name = name.removesuffix(".pdf") + f".{kind}"
                owner = case._qc_issued_document_owner()
                attachment = case._qc_attachment_named(name) or Attachment.create(
                    {"name": name, "raw": content, "res_model": owner._name, "res_id": owner.id}
                )
            signature._qc_seal(attachment)

    def _qc_issued_document_owner(self):
        """The record an issued document is kept on: the case, or, on a
        protected identity, the identity, whose rules keep the letter (it
        names the complainant) from the case's other readers."""
        self.ensure_one()
        return self.sudo().identity_id if self.identity_restricted and self.identity_id else self

    def _qc_attachment_named(self, name):
        self.ensure_one()
        owner = self._qc_issued_document_owner()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", owner._name), ("res_id", "=", owner.id), ("name", "=", name)], limit=1
            )
        )

    def _qc_verification(self, step):
        """Code, address and QR code of the document `step` issued, for its template; None before."""
        signature = self._qc_issued_signature(step)
        return signature._qc_printed_verification() if signature else None


STEP_METHODS = {"approve": "action_approve", "send_reply": "action_send_reply", "close": "action_close"}
