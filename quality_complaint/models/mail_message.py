from odoo import api, models

from ..audit_trail import TrailRecordRefused, born_in_this_transaction, is_audited, is_trail_rewrite

# What a message says, who wrote it and when, where it belongs and who may read it.
TRAIL_MESSAGE_FIELDS = frozenset(
    {
        "body",
        "attachment_ids",
        "subtype_id",
        "is_internal",
        "message_type",
        "model",
        "res_id",
        "author_id",
        "email_from",
        "date",
    }
)


class MailMessage(models.Model):
    _inherit = "mail.message"

    # === CRUD METHODS === #

    def write(self, vals):
        rewritten = TRAIL_MESSAGE_FIELDS & set(vals)
        if rewritten and not is_trail_rewrite(self.env, rewritten):
            self._qc_check_trail_rewrite(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_trail(self):
        # Runs after mail has deleted the message's own files: the refusal rolls that back too.
        trail = self._qc_trail_messages()
        if trail:
            raise TrailRecordRefused(
                self.env._(
                    "Messages of %s are part of its record and are never deleted: post a correction instead.",
                    trail[0].record_name or trail[0].model,
                )
            )

    # === BUSINESS METHODS === #

    def _qc_trail_messages(self):
        return self.sudo().filtered(lambda message: is_audited(message.model))

    def _qc_check_trail_rewrite(self, vals):
        """Refuse to rewrite a message of the trail, or to move a message into one,
        unless this transaction is still posting it."""
        messages = self.sudo()
        if not is_audited(vals.get("model")):
            messages = messages._qc_trail_messages()
        settled = messages - born_in_this_transaction(messages)
        if settled:
            raise TrailRecordRefused(
                self.env._(
                    "Messages of %s are part of its record and cannot be changed: post a correction instead.",
                    settled[0].record_name or settled[0].model,
                )
            )
