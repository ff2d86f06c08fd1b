from odoo import api, fields, models

from ..audit_trail import TrailRecordRefused


class QualityComplaintProcessVersion(models.Model):
    """A version of the lab's published complaint process, kept when the text
    changes: the evidence pack shows which text was in force when."""

    _name = "quality.complaint.process.version"
    _description = "Version of the published complaint process"
    _order = "create_date desc, id desc"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    lang = fields.Char(string="Language", readonly=True)
    text = fields.Html(readonly=True, sanitize=True)

    def write(self, vals):
        if vals:
            raise TrailRecordRefused(self.env._("A version of the published process is kept as it was."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise TrailRecordRefused(self.env._("A version of the published process is kept as it was."))
