from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._qc_working_days_changed()
        return leaves

    def write(self, vals):
        # Marked once written: the flush of the write would compute them from the old days.
        before = self._qc_companies()
        result = super().write(vals)
        self._qc_working_days_changed(before)
        return result

    def unlink(self):
        before = self._qc_companies()
        result = super().unlink()
        self._qc_working_days_changed(before)
        return result

    # === BUSINESS METHODS === #

    def _qc_companies(self):
        """The companies whose working days the public holidays of `self` are."""
        public = self.filtered(lambda leave: not leave.resource_id)
        return public.company_id | public.calendar_id.company_id

    def _qc_working_days_changed(self, before=None):
        """Public holidays (time off of no one in particular) move the deadlines of open cases."""
        companies = (before or self.env["res.company"]) | self.exists()._qc_companies()
        if companies:
            self.env["quality.complaint"]._qc_working_days_changed(companies)
