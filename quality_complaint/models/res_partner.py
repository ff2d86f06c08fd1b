from odoo import api, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_except_complainant(self):
        cited = (
            self.env["quality.complaint.identity"]
            .sudo()
            .search_count([("partner_id", "in", self.ids)], limit=1)
        )
        if cited:
            raise UserError(
                self.env._(
                    "This contact is the complainant of a case and is kept with the case record: archive it instead."
                )
            )
