from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env["resource.calendar"]._qc_working_dates_changed()
        return attendances

    def write(self, vals):
        result = super().write(vals)
        self.env["resource.calendar"]._qc_working_dates_changed()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["resource.calendar"]._qc_working_dates_changed()
        return result
