from odoo import fields, models
from odoo.fields import Command


class QualityComplaintChecklistTemplate(models.Model):
    """A configurable investigation checklist (V2): the lab edits its items."""

    _name = "quality.complaint.checklist.template"
    _description = "Investigation checklist template"
    _order = "sequence, id"

    # === FIELDS === #

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    line_ids = fields.One2many(
        "quality.complaint.checklist.template.line", "template_id", string="Checks", copy=True
    )
    category_ids = fields.Many2many(
        "quality.complaint.category",
        "quality_complaint_checklist_template_category_rel",
        "template_id",
        "category_id",
        string="Used by default for",
        help="Investigations of cases in these categories start with this checklist.",
    )

    # === BUSINESS METHODS === #

    def _qc_check_commands(self):
        """Commands that copy this template's items into an investigation's checklist."""
        self.ensure_one()
        return [
            Command.create({"sequence": line.sequence, "name": line.name, "guidance": line.guidance})
            for line in self.line_ids
        ]
