from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .quality_complaint_evidence_mixin import EVIDENCE_LOCK
from .quality_complaint_investigation import CHECKLIST_LOCK


class QualityComplaintInvestigationCheck(models.Model):
    """One item of an investigation checklist (V2): pass, fail or not applicable."""

    _name = "quality.complaint.investigation.check"
    _description = "Investigation check"
    _inherit = ["quality.complaint.evidence.mixin"]
    _qc_locks = (EVIDENCE_LOCK, CHECKLIST_LOCK)
    _order = "investigation_id, sequence, id"

    # === FIELDS === #

    investigation_id = fields.Many2one(
        "quality.complaint.investigation", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="investigation_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True)
    guidance = fields.Text()
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail"), ("na", "Not applicable")])
    note = fields.Text(help="What was looked at; required when the check fails.")
    evidence_locked = fields.Boolean(related="investigation_id.evidence_locked")
    investigation_state = fields.Selection(related="investigation_id.state")

    # === CONSTRAINT METHODS === #

    @api.constrains("result", "note")
    def _check_note_on_failure(self):
        for check in self:
            if check.result == "fail" and not (check.note or "").strip():
                raise ValidationError(
                    self.env._("The failed check “%s” needs a note saying what was found.", check.name)
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        investigations = self.env["quality.complaint.investigation"].browse(
            [vals["investigation_id"] for vals in vals_list if vals.get("investigation_id")]
        )
        investigations._qc_check_checklist_editable()
        return super().create(vals_list)
