from odoo import fields, models


class QualityCorrectiveActionEffectiveness(models.TransientModel):
    """Asks the quality manager or internal auditor for the effectiveness evidence."""

    _name = "quality.corrective.action.effectiveness"
    _description = "Effectiveness check of a corrective action"

    # === FIELDS === #

    capa_ids = fields.Many2many(
        "quality.corrective.action", "quality_capa_effectiveness_rel", "wizard_id", "capa_id", required=True
    )
    result = fields.Selection([("effective", "Effective"), ("ineffective", "Ineffective")], required=True)
    note = fields.Text(string="Evidence", required=True, help="What was checked and what it showed.")

    # === ACTION METHODS === #

    def action_confirm(self):
        self.ensure_one()
        return self.capa_ids.record_effectiveness(self.result, self.note)
