from odoo import fields, models


class QualityComplaintChecklistTemplateLine(models.Model):
    _name = "quality.complaint.checklist.template.line"
    _description = "Investigation checklist template item"
    _order = "sequence, id"

    # === FIELDS === #

    template_id = fields.Many2one(
        "quality.complaint.checklist.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True, translate=True)
    guidance = fields.Text(translate=True, help="What the investigator looks at to answer the check.")
