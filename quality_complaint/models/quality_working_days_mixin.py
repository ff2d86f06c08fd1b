from odoo import api, models


class QualityWorkingDaysMixin(models.AbstractModel):
    """Records that say which days the lab works (public holidays, make-up
    days): creating, changing or removing one moves the deadlines of the open
    cases of the companies concerned, before and after the change."""

    _name = "quality.working.days.mixin"
    _description = "Days that count for deadlines"

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._qc_working_days_changed()
        return records

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
        """The companies whose working days `self` are."""
        return self.company_id

    def _qc_working_days_changed(self, before=None):
        companies = (before or self.env["res.company"]) | self.exists()._qc_companies()
        if companies:
            self.env["resource.calendar"]._qc_working_dates_changed()
            self.env["quality.complaint"]._qc_working_days_changed(companies)
            self.env["quality.complaint.inquiry"]._qc_working_days_changed(companies)
