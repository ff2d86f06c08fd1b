from datetime import date

from odoo import fields, models


class QualityComplaintEvidenceWizard(models.TransientModel):
    _name = "quality.complaint.evidence.wizard"
    _description = "Issue an evidence pack"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: date(fields.Date.context_today(self).year, 1, 1)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    def action_issue(self):
        self.ensure_one()
        pack = self.env["quality.complaint.evidence.pack"]._qc_issue(
            self.date_from, self.date_to, self.company_id
        )
        return pack.action_download()
