from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


def quarter_of(day):
    """The first and last day of the quarter `day` falls in, and its number."""
    number = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * number - 2, 1)
    return start, start + relativedelta(months=3, days=-1), number


class QualitySatisfactionPlan(models.Model):
    """The surveys of a year on a schedule (S2): each quarter the plan's job
    creates that quarter's campaign for the plan's customers and starts it,
    so that four campaigns a year go out whoever remembers them."""

    _name = "quality.satisfaction.plan"
    _description = "Satisfaction survey plan"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, domain=[("share", "=", False)]
    )
    partner_ids = fields.Many2many("res.partner", string="Customers to invite", required=True)
    survey_ids = fields.One2many("quality.satisfaction.survey", "plan_id", string="Campaigns")

    @api.constrains("partner_ids")
    def _check_customers(self):
        for plan in self:
            if not plan.partner_ids.filtered("email"):
                raise ValidationError(
                    self.env._("%s: give the customers to invite, with their e-mail.", plan.name)
                )

    def _qc_due_campaigns(self, today):
        """The quarter's campaign of each plan of `self` that has none yet."""
        start, end, number = quarter_of(today)
        planned = self.env["quality.satisfaction.survey"].search(
            Domain("plan_id", "in", self.ids) & Domain("date_start", "=", start)
        )
        return [
            {
                "name": self.env._(
                    "%(plan)s, %(year)s Q%(quarter)s", plan=plan.name, year=start.year, quarter=number
                ),
                "plan_id": plan.id,
                "company_id": plan.company_id.id,
                "user_id": plan.user_id.id,
                "survey_type": "periodic",
                "date_start": start,
                "date_end": end,
                "partner_ids": [fields.Command.set(plan.partner_ids.ids)],
            }
            for plan in self - planned.plan_id
        ]

    @api.model
    def _cron_start_planned_surveys(self, today=None):
        """Scheduled action: create and start the quarter's campaign of every active plan."""
        today = today or fields.Date.context_today(self)
        values = self.search([("partner_ids", "!=", False)])._qc_due_campaigns(today)
        campaigns = self.env["quality.satisfaction.survey"].create(values)
        # Opening invites each customer and mails their personal link.
        campaigns.action_open()
        return campaigns

    def action_start_now(self):
        """Create and start the current quarter's campaign of these plans now."""
        self.env["quality.satisfaction.survey"]._qc_require_group(
            "quality_complaint.group_customer_service", self.env._("start a planned campaign")
        )
        campaigns = self.env["quality.satisfaction.survey"].create(
            self._qc_due_campaigns(fields.Date.context_today(self))
        )
        campaigns.action_open()
        return True
