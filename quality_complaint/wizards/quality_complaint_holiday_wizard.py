from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..const import QUALITY_MANAGER


class QualityComplaintHolidayWizard(models.TransientModel):
    """Loads a year's public holidays and make-up working days from the holidays package."""

    _name = "quality.complaint.holiday.wizard"
    _description = "Load public holidays"

    # === FIELDS === #

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    country_id = fields.Many2one(
        "res.country",
        required=True,
        default=lambda self: self.env.company.country_id,
        help="Whose public holidays: by default the company's country.",
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    calendar_id = fields.Many2one(related="company_id.resource_calendar_id", string="Working calendar")

    # === CONSTRAINT METHODS === #

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 1900 <= wizard.year <= 2100:
                raise ValidationError(self.env._("Give a year such as 2026."))

    # === ACTION METHODS === #

    def action_load(self):
        """Load the holidays into the company's working calendar; what was there stays."""
        self.ensure_one()
        self.env["quality.complaint"]._qc_require_group(QUALITY_MANAGER, self.env._("load public holidays"))
        if self.company_id not in self.env.user.company_ids and not self.env.su:
            raise AccessError(self.env._("You may only load the public holidays of your own companies."))
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            raise UserError(
                self.env._("Company %s has no working calendar: set one first.", self.company_id.name)
            )
        # Global time off is Odoo's administrators' to write: checked above instead.
        loaded = (
            calendar.sudo()
            .with_context(lang=self.company_id._qc_lang())
            ._qc_load_public_holidays(self.country_id.code, self.year, self.company_id._qc_lang())
        )
        message = self.env._(
            "%(year)s, %(country)s: %(holidays)s days of public holidays and %(workdays)s make-up working "
            "days added to %(calendar)s; days already there were kept.",
            year=self.year,
            country=self.country_id.name,
            holidays=loaded["holidays"],
            workdays=loaded["workdays"],
            calendar=calendar.name,
        )
        if loaded["missing_workdays"]:
            message += " " + self.env._(
                "No make-up working day is known for %s yet: they are published late in the year "
                "before (in China by the State Council), and until then the holidays package may only "
                "guess. Load the year again once they are published.",
                self.year,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Public holidays loaded"),
                "message": message,
                "type": "warning" if loaded["missing_workdays"] else "success",
                "sticky": loaded["missing_workdays"],
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
