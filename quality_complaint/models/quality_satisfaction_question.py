from odoo import fields, models


class QualitySatisfactionQuestion(models.Model):
    """An item of the satisfaction questionnaire (S3), rated 1 to 5."""

    _name = "quality.satisfaction.question"
    _description = "Satisfaction questionnaire item"
    _order = "sequence, id"

    # === FIELDS === #

    name = fields.Char(string="Item", required=True, translate=True)
    description = fields.Char(string="Explanation", translate=True)
    sequence = fields.Integer(default=10)
    is_default = fields.Boolean(
        string="In new campaigns", default=True, help="Proposed in every new survey campaign."
    )
    is_complaint_handling = fields.Boolean(
        string="About complaint handling",
        help="Proposed in the follow-up surveys sent after a case is answered.",
    )
    active = fields.Boolean(default=True)
