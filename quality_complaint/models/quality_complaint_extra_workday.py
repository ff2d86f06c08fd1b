from odoo import fields, models


class QualityComplaintExtraWorkday(models.Model):
    """A day the lab works although its calendar says it does not.

    China moves weekends around public holidays (调休): a Saturday is declared
    a working day. resource.calendar attendances carry no dates, so these
    days are kept here and added when deadlines are counted.
    """

    _name = "quality.complaint.extra.workday"
    _inherit = ["quality.working.days.mixin"]
    _description = "Extra working day (make-up day)"
    _order = "date desc"

    # === FIELDS === #

    name = fields.Char(string="Reason", required=True, translate=True)
    date = fields.Date(required=True)
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working calendar",
        help="Leave empty for every calendar of the company.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    _date_calendar_unique = models.UniqueIndex(
        "(date, company_id, COALESCE(calendar_id, 0))",
        "This day is already declared a working day.",
    )
