from odoo import fields, models


class QualityComplaintClusterDismiss(models.TransientModel):
    """Asks the quality manager why recurring complaints need no action; the cluster's step checks the rest."""

    _name = "quality.complaint.cluster.dismiss"
    _description = "Dismiss recurring complaints"

    cluster_id = fields.Many2one("quality.complaint.cluster", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.cluster_id.dismiss(self.reason)
        return {"type": "ir.actions.act_window_close"}
