from odoo import api, fields, models

from ..const import CONTACT_METHODS
from .quality_complaint_evidence_mixin import EVIDENCE_LOCK
from .quality_complaint_investigation import CHECKLIST_LOCK


class QualityComplaintInvestigationContact(models.Model):
    """A contact with the complainant during the investigation (V1)."""

    _name = "quality.complaint.investigation.contact"
    _description = "Contact with the complainant"
    _inherit = ["quality.complaint.evidence.mixin"]
    _qc_locks = (EVIDENCE_LOCK, CHECKLIST_LOCK)
    _order = "contact_date desc, id desc"

    # === FIELDS === #

    investigation_id = fields.Many2one(
        "quality.complaint.investigation", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="investigation_id.company_id", store=True)
    contact_date = fields.Datetime(string="Date", required=True, default=fields.Datetime.now)
    method = fields.Selection(CONTACT_METHODS, required=True, default="phone")
    user_id = fields.Many2one(
        "res.users",
        string="By",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    summary = fields.Text(required=True, help="What was said or asked, and what the complainant answered.")
    evidence_locked = fields.Boolean(related="investigation_id.evidence_locked")
    investigation_state = fields.Selection(related="investigation_id.state")

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        self.env["quality.complaint.investigation"].browse(
            [vals["investigation_id"] for vals in vals_list if vals.get("investigation_id")]
        )._qc_check_checklist_editable()
        return super().create(vals_list)
