from odoo import api, models

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
