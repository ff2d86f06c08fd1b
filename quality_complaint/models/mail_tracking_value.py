from odoo import api, models

from ..audit_trail import TrailRecordRefused, is_audited


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    # === CRUD METHODS === #

    def write(self, vals):
        if self._qc_trail_values():
            self._qc_refuse()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_trail(self):
        if self._qc_trail_values():
            self._qc_refuse()

    # === BUSINESS METHODS === #

    def _qc_trail_values(self):
        return self.sudo().filtered(lambda value: is_audited(value.mail_message_id.model))

    def _qc_refuse(self):
        raise TrailRecordRefused(
            self.env._("The tracked changes of a quality record are its history: they never change.")
        )
