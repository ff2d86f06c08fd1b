import base64
import binascii
import re
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..signing import canonical_json, sha256_hex

# 15 random bytes, 120 bits: 24 characters of base32, printed in groups of four.
CODE_BYTES = 15
CODE_RE = re.compile(r"^[A-Z2-7]{24}$")
AUTHENTICATIONS = [
    ("password", "Password typed at the step"),
    ("python", "Signed by the application (demo data, tests)"),
    ("none", "Not asked (settings)"),
]
VOID_FIELDS = frozenset({"voided", "voided_at", "voided_by_id", "void_reason"})
# Written once, when the document signed is issued.
SEAL_FIELDS = frozenset({"document_id", "document_digest", "statement", "key_id", "signature"})
STATEMENT_VERSION = 1


class QualityComplaintSignature(models.Model):
    """An electronic signature of a step of a quality record (ISO/IEC 17025 7.5, 8.4).

    Kept for good: who signed (`signer_id`, their name and their role at that
    moment), what the signature means (`meaning`), when (`signed_at`), how the
    signer was authenticated, and the SHA-256 `digest` (hex) of the canonical
    JSON serialisation (`signed_content`) of what was signed, on the record
    `res_model`/`res_id` at the step `step`. A reply letter or end notice
    also gets a `verification_code`, the digest of the document as issued and
    an Ed25519 `signature` of the public `statement` by the lab's key
    `key_id`. Reopening a decision voids its signature (`voided`, when, by
    whom, why): the record stays, and says so. Nothing else ever changes it.
    """

    _name = "quality.complaint.signature"
    _description = "Electronic signature"
    _order = "signed_at desc, id desc"
    _rec_name = "meaning"

    # === FIELDS === #

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Signed model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Signed record", model_field="res_model", required=True, readonly=True, index=True
    )
    reference = fields.Char(readonly=True, help="The reference of the signed record as signed.")
    step = fields.Char(required=True, readonly=True)
    meaning = fields.Char(required=True, readonly=True, help="What the signer declared by signing.")
    signer_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="restrict")
    signer_name = fields.Char(required=True, readonly=True)
    signer_role = fields.Char(
        string="Role of the signer",
        readonly=True,
        help="The role in which the signer signed, at that moment.",
    )
    authentication = fields.Selection(AUTHENTICATIONS, required=True, readonly=True)
    signed_at = fields.Datetime(required=True, readonly=True)
    signed_content = fields.Text(
        readonly=True,
        groups="quality_complaint.group_quality_manager,quality_complaint.group_internal_auditor",
        help="The canonical JSON serialisation of what was signed.",
    )
    digest = fields.Char(string="Digest (SHA-256)", required=True, readonly=True)
    verification_code = fields.Char(readonly=True, copy=False, index=True)
    document_id = fields.Many2one(
        "ir.attachment", string="Document as issued", readonly=True, ondelete="restrict"
    )
    document_digest = fields.Char(string="Document digest (SHA-256)", readonly=True)
    statement = fields.Text(
        readonly=True, help="The public statement that the lab's key signed (canonical JSON)."
    )
    key_id = fields.Char(string="Key id", readonly=True)
    signature = fields.Char(string="Ed25519 signature", readonly=True, help="Base64, of the statement.")
    voided = fields.Boolean(readonly=True)
    voided_at = fields.Datetime(readonly=True)
    voided_by_id = fields.Many2one("res.users", string="Voided by", readonly=True, ondelete="restrict")
    void_reason = fields.Text(readonly=True)

    _verification_code_unique = models.UniqueIndex(
        "(verification_code) WHERE verification_code IS NOT NULL", "A verification code names one document."
    )

    # === CRUD METHODS === #

    def write(self, vals):
        """Only voiding, once, and issuing the signed document, once."""
        fields_written = set(vals)
        refused = fields_written - VOID_FIELDS - SEAL_FIELDS
        if (
            refused
            or (fields_written & VOID_FIELDS and (any(self.mapped("voided")) or not vals.get("voided")))
            or (fields_written & SEAL_FIELDS and any(self.mapped("statement")))
        ):
            raise UserError(self.env._("A signature is kept as it was given: it can only be voided, once."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Signatures are kept: a withdrawn one is voided, never deleted."))

    # === BUSINESS METHODS === #

    @api.model
    def _qc_record(self, record, step, *, meaning, role, payload, authentication, with_code=False):
        """The signature of `record` at `step`, by the current user, of `payload` (a dict)."""
        content = canonical_json(payload)
        return self.sudo().create(
            {
                "company_id": record.company_id.id,
                "res_model": record._name,
                "res_id": record.id,
                "reference": record.display_name,
                "step": step,
                "meaning": meaning,
                "signer_id": self.env.uid,
                "signer_name": self.env.user.name,
                "signer_role": role,
                "authentication": authentication,
                "signed_at": fields.Datetime.now(),
                "signed_content": content,
                "digest": sha256_hex(content),
                "verification_code": base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode()
                if with_code
                else False,
            }
        )

    def _qc_statement(self, document_digest=None):
        """What the lab's key signs: public, without the content or the complainant."""
        self.ensure_one()
        return {
            "version": STATEMENT_VERSION,
            "code": self.verification_code or None,
            "reference": self.reference,
            "step": self.step,
            "meaning": self.meaning,
            "signer": self.signer_name,
            "role": self.signer_role or "",
            "signed_at": self.signed_at.isoformat(timespec="seconds") + "Z",
            "content_sha256": self.digest,
            "document_sha256": document_digest,
        }

    def _qc_seal(self, attachment=None):
        """Sign the statement of each signature with the lab's key; `attachment`: the document issued."""
        key, private = self.env["quality.complaint.signing.key"]._qc_signing_key()
        for signature in self.sudo():
            document_digest = sha256_hex(attachment.raw) if attachment else None
            statement = canonical_json(dict(signature._qc_statement(document_digest), key=key.key_id))
            signature.write(
                {
                    "document_id": attachment.id if attachment else False,
                    "document_digest": document_digest,
                    "statement": statement,
                    "key_id": key.key_id,
                    "signature": base64.b64encode(private.sign(statement.encode("utf-8"))).decode(),
                }
            )

    def _qc_void(self, reason):
        self.sudo().write(
            {
                "voided": True,
                "voided_at": fields.Datetime.now(),
                "voided_by_id": self.env.uid,
                "void_reason": reason,
            }
        )

    @api.model
    def _qc_live_of(self, records, steps=None):
        domain = [("res_model", "=", records._name), ("res_id", "in", records.ids), ("voided", "=", False)]
        if steps:
            domain.append(("step", "in", list(steps)))
        return self.sudo().search(domain)

    @api.model
    def _qc_from_code(self, code):
        """The signature of the document with `code` (spaces and dashes ignored), in sudo, or an empty one."""
        if not isinstance(code, str):
            return self.browse()
        code = re.sub(r"[\s-]", "", code).upper()
        if not CODE_RE.match(code):
            return self.browse()
        return self.sudo().search([("verification_code", "=", code)], limit=1)

    def _qc_printed_code(self):
        self.ensure_one()
        code = self.verification_code or ""
        return "-".join(code[start : start + 4] for start in range(0, len(code), 4))

    def _qc_verify_url(self):
        self.ensure_one()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return f"{base}/complaint/verify/{self._qc_printed_code()}"

    def _qc_printed_verification(self):
        """Code, address and QR code that the document this signature seals prints."""
        self.ensure_one()
        url = self._qc_verify_url()
        return {
            "code": self._qc_printed_code(),
            "url": url,
            "qr": "data:image/png;base64," + self.env["quality.complaint"].sudo()._qc_qr_png(url),
        }

    @api.model
    def _qc_public_verification(self, code, client_ip, document_digest=None):
        """What /complaint/verify/<code> shows, or None (the page answers 404).

        Counted against the public rate limit first, found or not: codes are
        not to be guessed by trying.
        """
        self.env["quality.complaint.public.log"]._qc_check_and_log(client_ip, "verify")
        signature = self._qc_from_code(code)
        return signature._qc_check(document_digest) if signature and signature.statement else None

    def _qc_proof(self):
        """The public proof of the document: the statement as signed, its signature, and whether it was withdrawn."""
        self.ensure_one()
        return {
            "statement": self.statement,
            "signature": self.signature,
            "key": self.key_id,
            "withdrawn": self.voided,
            "withdrawn_at": self.voided_at.isoformat(timespec="seconds") + "Z" if self.voided else None,
        }

    def _qc_signature_valid(self):
        """Whether the lab's key signed this statement (the key's public half, as published)."""
        self.ensure_one()
        key = self.env["quality.complaint.signing.key"].sudo().search([("key_id", "=", self.key_id)], limit=1)
        if not key or not self.signature:
            return False
        try:
            public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key.public_key))
            public.verify(base64.b64decode(self.signature), self.statement.encode("utf-8"))
        except (InvalidSignature, ValueError, binascii.Error):
            return False
        return True

    def _qc_check(self, document_digest=None):
        """What the verification page says about this document: its stored copy
        still matches what was signed, and whether `document_digest` (a visitor's
        copy) is that document."""
        self.ensure_one()
        stored = self.document_id.sudo()
        stored_matches = bool(stored) and sha256_hex(stored.raw or b"") == self.document_digest
        given = (document_digest or "").strip().lower() or None
        case = self.env[self.res_model].sudo().browse(self.res_id)
        public_date = getattr(case, "_qc_public_datetime", None)
        return {
            "signature": self,
            "signed_at": public_date(self.signed_at)
            if public_date
            else fields.Datetime.to_string(self.signed_at),
            "voided_at": (public_date(self.voided_at) if public_date else self.voided_at)
            if self.voided
            else "",
            "signature_valid": self._qc_signature_valid(),
            # The decision the letter states, signed by its approver.
            "approval": self._qc_live_of(case, ("approve",))[:1] if self.step != "approve" else self.browse(),
            "stored_matches": stored_matches,
            "given_digest": given,
            "given_matches": given == self.document_digest if given else None,
        }
