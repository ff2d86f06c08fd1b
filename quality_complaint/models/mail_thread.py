from odoo import api, models

from ..audit_trail import TrailRecordRefused, is_audited
from ..mail_authentication import AUTHENTICATED_SENDER, authenticated_sender


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # === BUSINESS METHODS === #

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        # message_new and message_update see the parsed mail, not its headers:
        # the verdict on a mail routed to cases travels with them in the context.
        gateway = self
        if any(route[0] == "quality.complaint" for route in routes or ()):
            authserv_id = self.env["quality.complaint"]._qc_param("mail_authserv_id")
            gateway = self.with_context(**{AUTHENTICATED_SENDER: authenticated_sender(message, authserv_id)})
        return super(MailThread, gateway)._message_route_process(message, message_dict, routes)

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
