from odoo import models

from ..audit_trail import TrailRecordRefused, is_audited


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _check_can_update_message_content(self, messages):
        # The web client's edit and delete of a message, admins included.
        if is_audited(self._name):
            raise TrailRecordRefused(
                self.env._(
                    "Messages of %s are part of its record and cannot be changed: post a correction instead.",
                    self[:1].display_name,
                )
            )
        return super()._check_can_update_message_content(messages)
