from odoo import api, fields, models

from ..const import CONTACT_METHODS


class QualityComplaintInvestigationContact(models.Model):
    """A contact with the complainant during the investigation (V1)."""

    _name = "quality.complaint.investigation.contact"
    _description = "Contact with the complainant"
    _inherit = ["quality.complaint.evidence.mixin"]
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

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        self.env["quality.complaint.investigation"].browse(
            [vals["investigation_id"] for vals in vals_list if vals.get("investigation_id")]
        )._qc_check_checklist_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.investigation_id._qc_check_checklist_editable()
        return super().write(vals)
