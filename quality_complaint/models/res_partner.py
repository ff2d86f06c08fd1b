from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import OUTSIDE_ROLES


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === FIELDS === #

    qc_outside_role = fields.Selection(
        OUTSIDE_ROLES,
        string="Takes part in complaint handling as",
        help="An external expert or an independent testing body that investigates or decides "
        "cases for the lab.",
    )

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
