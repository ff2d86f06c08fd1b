from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    # === BUSINESS METHODS === #

    def _qc_active_users(self):
        """The active internal users of these groups or of groups implying them,
        in one query: the computed `all_user_ids` also lists archived users,
        who must not be given to-dos or notices."""
        return self.env["res.users"].search([("all_group_ids", "in", self.ids), ("share", "=", False)])
