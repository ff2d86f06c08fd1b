from odoo import models

from ..audit_trail import is_audited


class MailMail(models.Model):
    _inherit = "mail.mail"

    # === CRUD METHODS === #

    def unlink(self):
        # mail deletes the message of a mail that is not a notification with
        # the mail (auto-delete after sending). On a quality record that
        # message is part of the trail: the queue row goes, the message stays.
        # Refusing instead would undo the sending and send the mail again.
        kept = self.sudo().filtered(
            lambda mail: not mail.is_notification and is_audited(mail.mail_message_id.model)
        )
        if kept:
            kept.write({"is_notification": True})
        return super().unlink()
