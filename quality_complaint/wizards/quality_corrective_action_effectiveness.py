from odoo import api, fields, models


class QualityCorrectiveActionEffectiveness(models.TransientModel):
    """Asks the quality manager or internal auditor for the effectiveness evidence."""

    _name = "quality.corrective.action.effectiveness"
    _description = "Effectiveness check of a corrective action"

    # === FIELDS === #

    capa_ids = fields.Many2many(
        "quality.corrective.action", "quality_capa_effectiveness_rel", "wizard_id", "capa_id", required=True
    )
    # Required in the dialog, which is made before they are given; the step checks them.
    result = fields.Selection([("effective", "Effective"), ("ineffective", "Ineffective")])
    note = fields.Text(string="Evidence", help="What was checked and what it showed.")
    signature_required = fields.Boolean(compute="_compute_signature_required")
    # Never stored: the button hands it to the step in its context.
    password = fields.Char(store=False, help="The check is signed: your password, at this moment.")

    # === COMPUTE METHODS === #

    @api.depends("capa_ids")
    def _compute_signature_required(self):
        for wizard in self:
            wizard.signature_required = wizard.capa_ids._qc_signature_required("record_effectiveness")

    # === ACTION METHODS === #

    def action_confirm(self):
        self.ensure_one()
        return self.capa_ids.record_effectiveness(
            self.result, self.note, signature_password=self.env.context.get("signature_password")
        )
