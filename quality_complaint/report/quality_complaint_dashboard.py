from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..const import OPEN_STATES, SATISFIED_FROM

KPI_FIELDS = (
    "case_count",
    "valid_rate",
    "ack_on_time_rate",
    "reply_on_time_rate",
    "working_days_to_reply",
    "reopen_rate",
    "compensation_amount",
)


class QualityComplaintDashboard(models.TransientModel):
    """Key figures of a period: the dashboard, the statistics and review PDFs and the summary mails."""

    _name = "quality.complaint.dashboard"
    _description = "Complaint statistics of a period"

    # === FIELDS === #

    date_from = fields.Date(
        required=True, default=lambda self: date(fields.Date.context_today(self).year, 1, 1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    case_count = fields.Integer(string="Cases received", compute="_compute_kpis")
    previous_case_count = fields.Integer(string="Same period last year", compute="_compute_kpis")
    case_trend = fields.Float(string="Trend (%)", compute="_compute_kpis")
    valid_rate = fields.Float(string="Valid ratio (%)", compute="_compute_kpis")
    ack_on_time_rate = fields.Float(string="Acknowledged on time (%)", compute="_compute_kpis")
    reply_on_time_rate = fields.Float(string="Replied on time (%)", compute="_compute_kpis")
    working_days_to_reply = fields.Float(string="Working days to reply", compute="_compute_kpis")
    reopen_rate = fields.Float(string="Reopened (%)", compute="_compute_kpis")
    compensation_amount = fields.Monetary(string="Compensation", compute="_compute_kpis")
    satisfaction_rate = fields.Float(
        string="Satisfaction rate (%)",
        compute="_compute_feedback_kpis",
        help="Share of the ratings answered in the period that are a 4 or a 5.",
    )
    previous_satisfaction_rate = fields.Float(
        string="Satisfaction last year (%)", compute="_compute_feedback_kpis"
    )
    survey_response_rate = fields.Float(
        string="Survey response rate (%)",
        compute="_compute_feedback_kpis",
        help="Answered invitations among those sent in the period.",
    )
    survey_ids = fields.Many2many(
        "quality.satisfaction.survey",
        string="Survey campaigns of the period",
        compute="_compute_feedback_kpis",
    )
    capa_opened_count = fields.Integer(string="Corrective actions opened", compute="_compute_feedback_kpis")
    capa_on_time_rate = fields.Float(
        string="CAPA actions on time (%)",
        compute="_compute_feedback_kpis",
        help="Action lines due in the period (done, or already late) that were done by their due date.",
    )
    capa_effective_rate = fields.Float(
        string="CAPA effective (%)",
        compute="_compute_feedback_kpis",
        help="Effectiveness checks of the period that found the action effective.",
    )
    capa_review_ids = fields.Many2many(
        "quality.corrective.action",
        string="Corrective actions for the management review",
        compute="_compute_feedback_kpis",
        help="Open actions flagged for the management review; those of major cases always are.",
    )
    open_count = fields.Integer(string="Open cases", compute="_compute_open_cases")
    overdue_count = fields.Integer(string="Overdue cases", compute="_compute_open_cases")
    major_open_ids = fields.Many2many(
        "quality.complaint", string="Open major cases", compute="_compute_open_cases"
    )
    authority_open_ids = fields.Many2many(
        "quality.complaint",
        string="Authority referrals awaiting the answer",
        compute="_compute_open_cases",
        help="Referrals by the accreditation body or a regulator, whose answer is due within the months "
        "the settings give (2 by default).",
    )

    # === COMPUTE METHODS === #

    @api.depends("date_from", "date_to", "company_id")
    def _compute_kpis(self):
        for dashboard in self:
            current = dashboard._kpis()
            previous = dashboard._kpis(shift_years=-1)
            for name in KPI_FIELDS:
                dashboard[name] = current[name] or 0
            dashboard.previous_case_count = previous["case_count"]
            dashboard.case_trend = (
                100.0 * (current["case_count"] - previous["case_count"]) / previous["case_count"]
                if previous["case_count"]
                else 0.0
            )

    @api.depends("date_from", "date_to", "company_id")
    def _compute_feedback_kpis(self):
        Response = self.env["quality.satisfaction.response"]
        Capa = self.env["quality.corrective.action"]
        for dashboard in self:
            start, end = dashboard._bounds()
            company = [("company_id", "=", dashboard.company_id.id)]
            dashboard.satisfaction_rate = dashboard._satisfaction_rate(start, end)
            last_year = relativedelta(years=1)
            dashboard.previous_satisfaction_rate = dashboard._satisfaction_rate(
                start - last_year, end - last_year
            )
            invited = dict(
                Response._read_group(
                    [("invite_date", ">=", start), ("invite_date", "<", end), *company],
                    ["state"],
                    ["__count"],
                )
            )
            total_invited = sum(invited.values())
            dashboard.survey_response_rate = (
                100.0 * invited.get("answered", 0) / total_invited if total_invited else 0.0
            )
            dashboard.survey_ids = self.env["quality.satisfaction.survey"].search(
                [("date_end", ">=", dashboard.date_from), ("date_end", "<=", dashboard.date_to), *company],
                order="date_end",
            )
            dashboard.capa_opened_count = Capa.search_count(
                [
                    ("opened_date", ">=", dashboard.date_from),
                    ("opened_date", "<=", dashboard.date_to),
                    *company,
                ]
            )
            dashboard.capa_on_time_rate = dashboard._capa_line_on_time_rate(dashboard.date_from, end.date())
            checks = dict(
                Capa._read_group(
                    [
                        ("effectiveness_check_date", ">=", dashboard.date_from),
                        ("effectiveness_check_date", "<=", dashboard.date_to),
                        *company,
                    ],
                    ["effectiveness_result"],
                    ["__count"],
                )
            )
            total_checks = sum(checks.values())
            dashboard.capa_effective_rate = (
                100.0 * checks.get("effective", 0) / total_checks if total_checks else 0.0
            )
            dashboard.capa_review_ids = Capa.search(
                [("management_review_input", "=", True), ("state", "!=", "closed"), *company]
            )

    @api.depends("company_id")
    def _compute_open_cases(self):
        Complaint = self.env["quality.complaint"]
        for dashboard in self:
            open_domain = [("state", "in", OPEN_STATES), *dashboard._company_domain()]
            dashboard.open_count = Complaint.search_count(open_domain)
            dashboard.overdue_count = Complaint.search_count(
                [*open_domain, ("deadline_state", "=", "overdue")]
            )
            dashboard.major_open_ids = Complaint.search(
                [*open_domain, ("severity", "in", ("major", "critical"))]
            )
            dashboard.authority_open_ids = Complaint.search(
                [*open_domain, ("channel", "=", "authority"), ("authority_letter_date", "=", False)],
                order="authority_deadline",
            )

    # === ACTION METHODS === #

    def action_open_analysis(self):
        self.ensure_one()
        start, end = self._bounds()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint.action_quality_complaint_analysis"
        )
        action["domain"] = [
            ("received_date", ">=", start),
            ("received_date", "<", end),
            *self._company_domain(),
        ]
        return action

    def action_print_statistics(self):
        return self.env.ref("quality_complaint.action_report_statistics").report_action(self)

    def action_print_management_review(self):
        return self.env.ref("quality_complaint.action_report_management_review").report_action(self)

    @api.model
    def action_open_dashboard(self):
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaint dashboard"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "target": "current",
        }

    # === BUSINESS METHODS === #

    def _bounds(self):
        """[start, end) as naive UTC datetimes covering the whole local days of the period."""
        self.ensure_one()
        return datetime.combine(self.date_from, time.min), datetime.combine(
            self.date_to + timedelta(days=1), time.min
        )

    def _company_domain(self):
        return [("company_id", "=", self.company_id.id)]

    def _kpis(self, shift_years=0):
        start, end = self._bounds()
        shift = relativedelta(years=shift_years)
        return self.env["quality.complaint.analysis"]._kpis(
            start + shift, end + shift, self._company_domain()
        )

    def _satisfaction_rate(self, start, end):
        groups = self.env["quality.satisfaction.response.line"]._read_group(
            [
                ("response_id.answer_date", ">=", start),
                ("response_id.answer_date", "<", end),
                ("response_id.company_id", "=", self.company_id.id),
            ],
            ["rating"],
            ["__count"],
        )
        rated = sum(count for _rating, count in groups)
        satisfied = sum(count for rating, count in groups if rating >= SATISFIED_FROM)
        return 100.0 * satisfied / rated if rated else 0.0

    def _capa_line_on_time_rate(self, start, end):
        """Raw SQL: the comparison of two columns has no domain form."""
        self.env["quality.corrective.action.line"].flush_model(["due_date", "done_date", "company_id"])
        self.env.cr.execute(
            """
            SELECT count(*) FILTER (WHERE done_date IS NOT NULL OR due_date < %(today)s),
                   count(*) FILTER (WHERE done_date IS NOT NULL AND done_date <= due_date)
              FROM quality_corrective_action_line
             WHERE due_date >= %(start)s AND due_date < %(end)s AND company_id = %(company)s
            """,
            {
                "today": fields.Date.context_today(self),
                "start": start,
                "end": end,
                "company": self.company_id.id,
            },
        )
        due, on_time = self.env.cr.fetchone()
        return 100.0 * on_time / due if due else 0.0

    def _breakdowns(self):
        """Rows for the PDFs and mails: {title: [(label, count)]}."""
        self.ensure_one()
        kpis = self._kpis()
        labels = {
            name: dict(self.env["quality.complaint.analysis"]._fields[name]._description_selection(self.env))
            for name in ("severity", "channel", "kind", "state")
        }

        def rows(key, field_name):
            result = []
            for group, count in kpis[key]:
                if field_name in labels:
                    label = labels[field_name].get(group, self.env._("Undefined"))
                elif hasattr(group, "display_name"):
                    label = group.display_name or self.env._("Undefined")
                else:
                    label = group
                result.append((label, count or 0))
            return result

        month_rows = [(fields.Date.to_string(month)[:7], count) for month, count in kpis["by_month"]]
        return {
            self.env._("By month"): month_rows,
            self.env._("By category"): rows("by_category_id", "category_id"),
            self.env._("By severity"): rows("by_severity", "severity"),
            self.env._("By channel"): rows("by_channel", "channel"),
            self.env._("By kind"): rows("by_kind", "kind"),
            self.env._("By department"): rows("by_department_id", "department_id"),
        }

    @api.model
    def _summary_period(self, period, today=None):
        today = today or fields.Date.context_today(self)
        if period == "weekly":
            monday = today - timedelta(days=today.weekday())
            return monday - timedelta(days=7), monday - timedelta(days=1)
        first_of_month = today.replace(day=1)
        return first_of_month - relativedelta(months=1), first_of_month - timedelta(days=1)

    def _send_summary(self, recipients, period):
        self.ensure_one()
        report = self.env.ref("quality_complaint.action_report_statistics")
        pdf, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(report, self.ids)
        name = f"complaint-statistics-{self.date_from}-{self.date_to}.pdf"
        attachment = self.env["ir.attachment"].create(
            {"name": name, "raw": pdf, "mimetype": "application/pdf", "res_model": "mail.mail"}
        )
        title = (
            self.env._("Weekly complaint summary")
            if period == "weekly"
            else self.env._("Monthly complaint summary")
        )
        body = self.env["ir.qweb"]._render(
            "quality_complaint.summary_mail_body", {"doc": self, "title": title}
        )
        return self.env["mail.mail"].create(
            {
                "subject": f"{title}: {self.company_id.name} {self.date_from} / {self.date_to}",
                "body_html": body,
                "email_from": self.company_id.email_formatted or self.env.user.email_formatted,
                "recipient_ids": [(6, 0, recipients.partner_id.ids)],
                "attachment_ids": [(6, 0, attachment.ids)],
                "auto_delete": False,
            }
        )
