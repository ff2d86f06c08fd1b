from odoo import models


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "quality.working.days.mixin"]

    # === BUSINESS METHODS === #

    def _qc_companies(self):
        """The companies whose working days the public holidays of `self` are:
        time off of no one in particular."""
        public = self.filtered(lambda leave: not leave.resource_id)
        return public.company_id | public.calendar_id.company_id
