import base64
import hashlib

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..audit_trail import TrailRecordRefused

PERIOD_REPORT = "quality_complaint.action_report_evidence_pack_period"
CASE_REPORT = "quality_complaint.action_report_evidence_pack"
CASE_PACK, PERIOD_PACK = (
    "quality_complaint.report_evidence_pack",
    "quality_complaint.report_evidence_pack_period",
)
EVIDENCE_PACK_REPORTS = (CASE_PACK, PERIOD_PACK)
# Who issues and reads evidence packs: the quality manager (and top
# management above) and the internal auditor.
PACK_GROUPS = ("quality_complaint.group_quality_manager", "quality_complaint.group_internal_auditor")


class QualityComplaintEvidencePack(models.Model):
    """An evidence pack as it was issued: the PDF, its SHA-256 digest, who
    issued it and when. Like a letter sent, it is kept and never changed."""

    _name = "quality.complaint.evidence.pack"
    _description = "Evidence pack for assessors"
    _order = "issued_date desc, id desc"

    # === FIELDS === #

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    complaint_id = fields.Many2one(
        "quality.complaint", string="Case", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    issued_by_id = fields.Many2one("res.users", string="Issued by", required=True, readonly=True)
    issued_date = fields.Datetime(string="Issued on", required=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    digest = fields.Char(string="SHA-256", readonly=True, help="SHA-256 digest of the file as issued.")
    signature_id = fields.Many2one("quality.complaint.signature", readonly=True)
    verification_code = fields.Char(
        compute="_compute_verification_code",
        help="Anyone holding the pack checks it at /complaint/verify/<code>.",
    )

    @api.depends("complaint_id", "date_from", "date_to")
    def _compute_name(self):
        for pack in self:
            if pack.complaint_id:
                pack.name = self.env._("Evidence pack %s", pack.complaint_id.name)
            else:
                pack.name = self.env._(
                    "Evidence pack %(start)s - %(end)s", start=pack.date_from, end=pack.date_to
                )

    def _compute_verification_code(self):
        for pack in self:
            pack.verification_code = (
                pack.signature_id.sudo()._qc_printed_code() if pack.signature_id else False
            )

    # === CRUD METHODS === #

    def write(self, vals):
        # Written once: the file and its digest, then the signature of both.
        sealing = set(vals) == {"signature_id"} and not self.filtered("signature_id")
        if not sealing and (self.filtered("digest") or set(vals) - {"attachment_id", "digest"}):
            raise TrailRecordRefused(self.env._("An issued evidence pack is kept as it was issued."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise TrailRecordRefused(self.env._("An issued evidence pack is kept as it was issued."))

    # === BUSINESS METHODS === #

    @api.model
    def _qc_check_access(self):
        if not self.env.su and not any(self.env.user.has_group(group) for group in PACK_GROUPS):
            raise AccessError(
                self.env._("Only the quality manager and the internal auditor issue evidence packs.")
            )

    @api.model
    def _qc_issue(self, date_from, date_to, company, case=None):
        """Issue the pack of a period of `company` (or of one `case`): render,
        store and return the pack record."""
        self._qc_check_access()
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if not date_from or not date_to or date_from > date_to:
            raise UserError(self.env._("Give a period whose start is not after its end."))
        if company not in self.env.user.company_ids:
            raise AccessError(self.env._("You do not work for %s.", company.name))
        if case:
            self.env["ir.actions.report"]._render_qweb_pdf(CASE_REPORT, case.ids)
            return self.search([("complaint_id", "=", case.id)], limit=1)
        pack = self.sudo().create(
            {
                "company_id": company.id,
                "date_from": date_from,
                "date_to": date_to,
                "issued_by_id": self.env.uid,
                "issued_date": fields.Datetime.now(),
            }
        )
        self.env["ir.actions.report"]._render_qweb_pdf(PERIOD_REPORT, pack.ids)
        return pack.with_env(self.env)

    def _qc_sign(self):
        """Sign the pack about to be issued with the lab's key, like a letter:
        the pack prints the signature's verification code, and the file's
        digest joins the signed statement once the file exists (`_qc_store`)."""
        self.ensure_one()
        lab = self.with_context(lang=self.company_id._qc_lang())
        role = next(
            (lab.env.ref(group).name for group in reversed(PACK_GROUPS) if self.env.user.has_group(group)), ""
        )
        signature = self.env["quality.complaint.signature"]._qc_record(
            self,
            "issue_evidence_pack",
            meaning=lab.env._("Evidence pack issued as %s", role),
            role=role,
            payload={
                "pack": lab.name,
                "case": self.complaint_id.name or None,
                "from": fields.Date.to_string(self.date_from),
                "to": fields.Date.to_string(self.date_to),
                "issued_by": self.issued_by_id.name,
                "issued_on": fields.Datetime.to_string(self.issued_date),
            },
            authentication="none",
            with_code=True,
        )
        self.sudo().write({"signature_id": signature.id})

    def _qc_store(self, content, kind):
        """Keep the file as issued, beside its digest, and seal its signature with it."""
        self.ensure_one()
        extension = "pdf" if kind == "pdf" else "html"
        reference = self.complaint_id.name or f"{self.date_from}-{self.date_to}"
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"evidence-pack-{reference.replace('/', '-')}.{extension}",
                    "raw": content,
                    "mimetype": "application/pdf" if kind == "pdf" else "text/html",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self.sudo().write({"attachment_id": attachment.id, "digest": hashlib.sha256(content).hexdigest()})
        self.signature_id._qc_seal(attachment)

    def _qc_printed_verification(self):
        """What the pack prints to be verified (report_verification); None before it is signed."""
        self.ensure_one()
        return self.signature_id.sudo()._qc_printed_verification() if self.signature_id else None

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    @api.model
    def _qc_render(self, report, res_ids, render):
        """Render an evidence pack report (`render(pack)`, `pack` being the
        pack issued) and keep what it gave. A period pack printed again gives
        the file as it was issued."""
        self._qc_check_access()
        is_case_pack = report.report_name == CASE_PACK
        if is_case_pack and len(set(res_ids or ())) != 1:
            raise UserError(self.env._("Print the evidence pack of one case at a time."))
        if not is_case_pack:
            issued = self.browse(res_ids).filtered("attachment_id")
            if issued and len(issued) == len(res_ids):
                attachment = issued[0].attachment_id
                return base64.b64decode(
                    attachment.datas
                ), "pdf" if attachment.mimetype == "application/pdf" else "html"
        if is_case_pack:
            case = self.env["quality.complaint"].browse(res_ids[0])
            date_from, date_to = case._qc_evidence_period()
            pack = self.sudo().create(
                {
                    "company_id": case.company_id.id,
                    "complaint_id": case.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "issued_by_id": self.env.uid,
                    "issued_date": fields.Datetime.now(),
                }
            )
        else:
            pack = self.sudo().browse(res_ids)
        pack._qc_sign()
        content, kind = render(pack)
        pack._qc_store(content, kind)
        return content, kind
