from datetime import date, datetime, time, timedelta

import pytz
from babel.dates import format_skeleton
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.misc import babel_locale_parse, format_date, formatLang, get_lang

from ..const import OPEN_STATES, SATISFIED_FROM
from .quality_complaint_charts import chart_png

NO_DATA = "—"
# The colours of the chart series, for the web dashboard and the PDFs alike
# (Odoo's chart palette, web/static/src/core/colors/colors.js).
CURRENT_COLOR, PREVIOUS_COLOR, SECOND_COLOR = "#3188E6", "#A0A7B4", "#00A78D"
PERIODS = ("this_year", "last_12_months", "last_year")


class QualityComplaintDashboard(models.TransientModel):
    """Key figures of a period of one lab: the record the statistics and
    management-review PDFs and the summary mails print.

    The web dashboard (static/src/dashboard) shows the same figures and
    charts for the companies selected, through `get_overview`; both draw
    from `_qc_statistics` and `_qc_charts`.
    """

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
        compute="_compute_kpis",
        help="Share of the ratings answered in the period that are a 4 or a 5.",
    )
    previous_satisfaction_rate = fields.Float(string="Satisfaction last year (%)", compute="_compute_kpis")
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
    cluster_review_ids = fields.Many2many(
        "quality.complaint.cluster",
        string="Recurring complaints of the period",
        compute="_compute_cluster_review_ids",
        help="Clusters found or decided in the period, and those still to decide.",
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
        names = (
            "case_count",
            "previous_case_count",
            "case_trend",
            "valid_rate",
            "ack_on_time_rate",
            "reply_on_time_rate",
            "working_days_to_reply",
            "reopen_rate",
            "compensation_amount",
            "satisfaction_rate",
            "previous_satisfaction_rate",
        )
        for dashboard in self:
            figures = dashboard._qc_period_statistics()["figures"]
            for name in names:
                dashboard[name] = figures[name] or 0

    @api.depends("date_from", "date_to", "company_id")
    def _compute_feedback_kpis(self):
        Response = self.env["quality.satisfaction.response"]
        Capa = self.env["quality.corrective.action"]
        for dashboard in self:
            start, end = dashboard._qc_bounds(dashboard.date_from, dashboard.date_to)
            company = [("company_id", "=", dashboard.company_id.id)]
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
            dashboard.capa_on_time_rate = dashboard._capa_line_on_time_rate(
                dashboard.date_from, dashboard.date_to + timedelta(days=1)
            )
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

    @api.depends("date_from", "date_to", "company_id")
    def _compute_cluster_review_ids(self):
        Cluster = self.env["quality.complaint.cluster"]
        if not Cluster.has_access("read"):
            self.cluster_review_ids = False
            return
        for dashboard in self:
            start, end = dashboard._qc_bounds(dashboard.date_from, dashboard.date_to)
            found = Domain("create_date", ">=", start) & Domain("create_date", "<", end)
            decided = Domain("decided_date", ">=", start) & Domain("decided_date", "<", end)
            undecided = Domain("state", "=", "proposed") & Domain("create_date", "<", end)
            dashboard.cluster_review_ids = Cluster.search(
                Domain("company_id", "=", dashboard.company_id.id) & (found | decided | undecided),
                order="create_date, id",
            )

    @api.depends("company_id")
    def _compute_open_cases(self):
        Complaint = self.env["quality.complaint"]
        for dashboard in self:
            domains = self._qc_tile_domains(dashboard.company_id)
            dashboard.open_count = Complaint.search_count(domains["open"])
            dashboard.overdue_count = Complaint.search_count(domains["overdue"])
            dashboard.major_open_ids = Complaint.search(domains["major"])
            dashboard.authority_open_ids = Complaint.search(domains["authority"], order="authority_deadline")

    # === ACTION METHODS === #

    # The forms print the lab's own letterhead (report/report_layout.xml):
    # Odoo's document layout wizard (config) has nothing to set for them.
    def action_print_statistics(self):
        return self.env.ref("quality_complaint.action_report_statistics").report_action(self, config=False)

    def action_print_management_review(self):
        return self.env.ref("quality_complaint.action_report_management_review").report_action(
            self, config=False
        )

    @api.model
    def action_print_period(self, report, period):
        """The statistics ("statistics") or management-review ("management_review")
        PDF of a period of the dashboard, for the current company."""
        if report not in ("statistics", "management_review"):
            raise UserError(self.env._("Unknown report: %s", report))
        date_from, date_to = self._qc_period_dates(period)
        dashboard = self.create(
            {"date_from": date_from, "date_to": date_to, "company_id": self.env.company.id}
        )
        if report == "statistics":
            return dashboard.action_print_statistics()
        return dashboard.action_print_management_review()

    @api.model
    def action_open_period_analysis(self, period):
        date_from, date_to = self._qc_period_dates(period)
        start, end = self._qc_bounds(date_from, date_to)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint.action_quality_complaint_analysis"
        )
        action["domain"] = [
            ("received_date", ">=", start),
            ("received_date", "<", end),
            ("company_id", "in", self.env.companies.ids),
        ]
        action["context"] = {}
        return action

    # === WEB DASHBOARD === #

    @api.model
    def get_overview(self, period="this_year"):
        """Everything the web dashboard shows, in one call: the tiles of the
        open work, the figures and charts of the period (one of PERIODS), for
        the companies selected in the web client and as the user sees the
        records, so that each role sees its own numbers."""
        companies = self.env.companies
        date_from, date_to = self._qc_period_dates(period)
        statistics = self._qc_statistics(date_from, date_to, companies)
        return {
            "period": {
                "key": period,
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
                "from_label": format_date(self.env, date_from),
                "to_label": format_date(self.env, date_to),
            },
            "companies": ", ".join(companies.mapped("name")),
            "tiles": self._qc_tiles(companies),
            "figures": self._qc_figure_rows(statistics["figures"]),
            "charts": self._qc_charts(statistics),
        }

    @api.model
    def _qc_period_dates(self, period):
        today = fields.Date.context_today(self)
        if period == "this_year":
            return today.replace(month=1, day=1), today
        if period == "last_12_months":
            return today.replace(day=1) - relativedelta(months=11), today
        if period == "last_year":
            return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
        raise UserError(self.env._("Unknown period: %s", period))

    @api.model
    def _qc_tile_domains(self, companies):
        """The domains of the tiles, one definition for their counts and the lists they open."""
        today = fields.Date.context_today(self)
        company = [("company_id", "in", companies.ids)]
        open_cases = [("state", "in", OPEN_STATES), *company]
        approval = [("state", "=", "decision"), ("involved_user_ids", "not in", self.env.uid), *company]
        if not self.env.user.has_group("quality_complaint.group_top_management"):
            approval.append(("requires_top_approval", "=", False))
        if not self.env["quality.complaint"]._qc_param("decider_may_approve"):
            approval.append(("decider_id", "!=", self.env.uid))
        due_soon = self.env["quality.corrective.action.line"]._qc_due_soon_domain(today, companies)
        return {
            "open": open_cases,
            "overdue": [*open_cases, ("deadline_state", "=", "overdue")],
            "major": [*open_cases, ("severity", "in", ("major", "critical"))],
            "approval": approval,
            "authority": [*open_cases, ("channel", "=", "authority"), ("authority_letter_date", "=", False)],
            # Open corrective actions with an action not done, due within the reminder lead time or late.
            "capa": list(
                Domain("state", "=", "open")
                & Domain("line_ids", "any", Domain("done_date", "=", False) & due_soon)
                & Domain(company)
            ),
        }

    @api.model
    def _qc_tiles(self, companies):
        """The tiles of the open work: a count each, a hint, the list it opens."""
        Complaint = self.env["quality.complaint"]
        Capa = self.env["quality.corrective.action"]
        today = fields.Date.context_today(self)
        domains = self._qc_tile_domains(companies)
        months = int(Complaint._qc_param("authority_months"))
        authority_count, next_answer = Complaint._read_group(
            domains["authority"], [], ["__count", "authority_deadline:min"]
        )[0]
        capa_late = Capa.search_count(
            [*domains["capa"], ("line_ids", "any", [("done_date", "=", False), ("due_date", "<", today)])]
        )
        open_by_state = dict(Complaint._read_group(domains["open"], ["state"], ["__count"]))
        major_by_severity = dict(Complaint._read_group(domains["major"], ["severity"], ["__count"]))

        def tile(key, model, count, *, label, hint="", tone=""):
            return {
                "key": key,
                "label": label,
                "value": count,
                "hint": hint,
                "tone": tone,
                "action": {
                    "type": "ir.actions.act_window",
                    "name": label,
                    "res_model": model._name,
                    "views": [[False, "list"], [False, "kanban"], [False, "form"]],
                    "domain": domains[key],
                    "context": {},
                },
            }

        # Keyword arguments throughout: Odoo's term extractor reads a tuple
        # that follows a translated string as the arguments of another one.
        tiles = [
            tile(
                "open",
                Complaint,
                sum(open_by_state.values()),
                label=self.env._("Open cases"),
                hint=self.env._("%s new, to acknowledge", open_by_state.get("new", 0)),
            ),
            tile(
                "overdue",
                Complaint,
                Complaint.search_count(domains["overdue"]),
                label=self.env._("Overdue cases"),
                hint=self.env._("Past their current deadline"),
                tone="danger",
            ),
            tile(
                "major",
                Complaint,
                sum(major_by_severity.values()),
                label=self.env._("Open major and critical cases"),
                hint=self.env._("%s critical", major_by_severity.get("critical", 0)),
                tone="warning",
            ),
        ]
        if self.env.user.has_group("quality_complaint.group_quality_manager"):
            tiles.append(
                tile(
                    "approval",
                    Complaint,
                    Complaint.search_count(domains["approval"]),
                    label=self.env._("Awaiting my approval"),
                    hint=self.env._("Decisions you may approve"),
                    tone="primary",
                )
            )
        if next_answer:
            authority_hint = self.env._("Answer due by %s", format_date(self.env, next_answer))
        else:
            authority_hint = self.env._("Answered within %s months of receipt", months)
        tiles += [
            tile(
                "authority",
                Complaint,
                authority_count,
                label=self.env._("Authority referrals"),
                hint=authority_hint,
                tone="danger" if next_answer and next_answer < today else "info",
            ),
            tile(
                "capa",
                Capa,
                Capa.search_count(domains["capa"]),
                label=self.env._("Corrective actions due"),
                hint=self.env._("%s past their due date", capa_late),
                tone="danger" if capa_late else "info",
            ),
        ]
        return tiles

    # === STATISTICS === #

    def _qc_bounds(self, date_from, date_to):
        """[start, end) as naive UTC datetimes covering the whole days of the
        period in the user's time zone, as Odoo groups datetimes by month."""
        tz = self.env.tz

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return utc(date_from), utc(date_to + timedelta(days=1))

    def _qc_period_statistics(self):
        self.ensure_one()
        return self._qc_statistics(self.date_from, self.date_to, self.company_id)

    @api.model
    def _qc_statistics(self, date_from, date_to, companies):
        """Figures and monthly series of the cases received from `date_from` to
        `date_to` (inclusive) by `companies`, as the user sees them: the web
        dashboard, the PDFs and the summary mails draw from it.

        A figure without data to compute it from is None (shown as "—"), never
        a 0: so is the comparison with last year when the lab recorded no case
        by the end of last year's period.
        """
        Analysis = self.env["quality.complaint.analysis"]
        company = [("company_id", "in", companies.ids)]
        start, end = self._qc_bounds(date_from, date_to)
        year = relativedelta(years=1)
        kpis = Analysis._kpis(start, end, company)
        previous_months = dict(
            Analysis._read_group(
                [("received_date", ">=", start - year), ("received_date", "<", end - year), *company],
                ["received_date:month"],
                ["case_count:sum"],
            )
        )
        first_received = Analysis._read_group(company, [], ["received_date:min"])[0][0]
        ratings = self.env["quality.satisfaction.response.line"]._read_group(
            [
                ("response_id.answer_date", ">=", start - year),
                ("response_id.answer_date", "<", end),
                ("response_id.company_id", "in", companies.ids),
            ],
            ["response_id.answer_date:month", "rating"],
            ["__count"],
        )

        months = []
        month = date_from.replace(day=1)
        while month <= date_to:
            months.append(month)
            month += relativedelta(months=1)

        def recorded_by(day):
            """Whether the lab had recorded a case before `day` (the start of a local day)."""
            return bool(first_received) and first_received < self._qc_bounds(day, day)[0]

        by_month = {
            _as_date(month): (count, _or_none(ack), _or_none(reply))
            for month, count, ack, reply in kpis["by_month"]
        }
        previous_by_month = {_as_date(month): count for month, count in previous_months.items()}
        rated, satisfied = {}, {}
        for answered, rating, count in ratings:
            month = _as_date(answered)
            rated[month] = rated.get(month, 0) + count
            if rating >= SATISFIED_FROM:
                satisfied[month] = satisfied.get(month, 0) + count

        def rate(months):
            total = sum(rated.get(month, 0) for month in months)
            return 100.0 * sum(satisfied.get(month, 0) for month in months) / total if total else None

        previous_of = {month: month - year for month in months}
        has_history = recorded_by(date_to + timedelta(days=1) - year)
        previous_count = sum(previous_by_month.values()) if has_history else None
        case_count = kpis["case_count"]
        inquiries = self.env["quality.complaint.inquiry"]._qc_period_figures(start, end, companies)
        figures = {
            **inquiries,
            "case_count": case_count,
            "previous_case_count": previous_count,
            "case_trend": 100.0 * (case_count - previous_count) / previous_count if previous_count else None,
            "satisfaction_rate": rate(months),
            "previous_satisfaction_rate": rate(previous_of.values()),
            **{
                name: _or_none(kpis[name])
                for name in (
                    "valid_rate",
                    "ack_on_time_rate",
                    "reply_on_time_rate",
                    "working_days_to_reply",
                    "reopen_rate",
                    "compensation_amount",
                )
            },
        }
        return {
            "figures": figures,
            "kpis": kpis,
            "months": months,
            "cases": [
                by_month.get(month, (0,))[0] or 0 if recorded_by(month + relativedelta(months=1)) else None
                for month in months
            ],
            "previous_cases": [
                previous_by_month.get(previous_of[month], 0)
                if recorded_by(previous_of[month] + relativedelta(months=1))
                else None
                for month in months
            ],
            "ack_on_time": [by_month.get(month, (0, None, None))[1] for month in months],
            "reply_on_time": [by_month.get(month, (0, None, None))[2] for month in months],
            "satisfaction": [rate([month]) for month in months],
            "previous_satisfaction": [rate([previous_of[month]]) for month in months],
            "by_category": sorted(
                (
                    (category.display_name or self.env._("Undefined"), count or 0)
                    for category, count in kpis["by_category_id"]
                ),
                key=lambda row: -row[1],
            ),
            "by_channel": sorted(
                (
                    (self._qc_selection_label("channel", channel), count or 0)
                    for channel, count in kpis["by_channel"]
                ),
                key=lambda row: -row[1],
            ),
        }

    @api.model
    def _qc_month_label(self, month):
        """A month with its year, in the user's language: "Jan 2026", "2026年1月"."""
        return format_skeleton("yMMM", _as_date(month), locale=babel_locale_parse(get_lang(self.env).code))

    def _qc_selection_label(self, field_name, value):
        labels = dict(
            self.env["quality.complaint.analysis"]._fields[field_name]._description_selection(self.env)
        )
        return labels.get(value, self.env._("Undefined"))

    @api.model
    def _qc_format(self, value, kind="count"):
        """A figure as the dashboard and the PDFs show it: "—" when there is no data."""
        if value is None:
            return NO_DATA
        if kind == "count":
            return formatLang(self.env, value, digits=0)
        if kind == "trend":
            return f"{'+' if value > 0 else ''}{formatLang(self.env, value, digits=1)} %"
        if kind == "percent":
            return f"{formatLang(self.env, value, digits=1)} %"
        return formatLang(self.env, value, digits=1)

    @api.model
    def _qc_figure_rows(self, figures):
        """The figures of the period with their labels, formatted, each with
        last year's value where it has one."""
        labels = {
            "case_count": self.env._("Cases received"),
            "valid_rate": self.env._("Valid ratio"),
            "ack_on_time_rate": self.env._("Acknowledged on time"),
            "reply_on_time_rate": self.env._("Replied on time"),
            "working_days_to_reply": self.env._("Working days to reply (average)"),
            "reopen_rate": self.env._("Reopened"),
            "satisfaction_rate": self.env._("Satisfaction rate"),
            "inquiry_count": self.env._("Customer inquiries received"),
            "inquiry_on_time_rate": self.env._("Inquiries answered on time"),
        }
        previous_label = self.env._("Same period last year")
        rows = [
            ("case_count", "count", "previous_case_count", "case_trend"),
            ("valid_rate", "percent", None, None),
            ("ack_on_time_rate", "percent", None, None),
            ("reply_on_time_rate", "percent", None, None),
            ("working_days_to_reply", "number", None, None),
            ("reopen_rate", "percent", None, None),
            ("satisfaction_rate", "percent", "previous_satisfaction_rate", None),
            ("inquiry_count", "count", None, None),
            ("inquiry_on_time_rate", "percent", None, None),
        ]
        return [
            {
                "key": key,
                "label": labels[key],
                "value": self._qc_format(figures[key], kind),
                "previous_label": previous_label if previous else "",
                "previous": self._qc_format(figures[previous], kind) if previous else "",
                # No trend against nothing: last year's "—" or 0 says it.
                "trend": self._qc_format(figures[trend], "trend")
                if trend and figures[trend] is not None
                else "",
            }
            for key, kind, previous, trend in rows
        ]

    @api.model
    def _qc_charts(self, statistics):
        """The charts of the statistics, as data both renderers draw: Chart.js
        on the web dashboard, matplotlib in the PDFs (quality_complaint_charts)."""
        months = [self._qc_month_label(month) for month in statistics["months"]]
        this_period, year_before = self.env._("This period"), self.env._("A year earlier")

        def chart(key, title, kind, labels, *datasets, percent=False):
            return {
                "key": key,
                "title": title,
                "type": kind,
                "percent": percent,
                "labels": labels,
                "datasets": [
                    {"label": label, "data": data, "color": color} for label, data, color in datasets
                ],
                "empty": not any(value for _label, data, _color in datasets for value in data),
            }

        def breakdown(rows):
            return [label for label, _count in rows], [count for _label, count in rows]

        categories, category_counts = breakdown(statistics["by_category"])
        channels, channel_counts = breakdown(statistics["by_channel"])
        cases = self.env._("Cases")
        return [
            chart(
                "monthly",
                self.env._("Cases received by month, against the year before"),
                "bar",
                months,
                (this_period, statistics["cases"], CURRENT_COLOR),
                (year_before, statistics["previous_cases"], PREVIOUS_COLOR),
            ),
            chart(
                "category",
                self.env._("Cases by category"),
                "hbar",
                categories,
                (cases, category_counts, CURRENT_COLOR),
            ),
            chart(
                "channel",
                self.env._("Cases by channel"),
                "hbar",
                channels,
                (cases, channel_counts, CURRENT_COLOR),
            ),
            chart(
                "on_time",
                self.env._("Acknowledged and replied on time, by month received"),
                "line",
                months,
                (self.env._("Acknowledged on time"), statistics["ack_on_time"], CURRENT_COLOR),
                (self.env._("Replied on time"), statistics["reply_on_time"], SECOND_COLOR),
                percent=True,
            ),
            chart(
                "satisfaction",
                self.env._("Satisfaction rate by month answered"),
                "line",
                months,
                (this_period, statistics["satisfaction"], CURRENT_COLOR),
                (year_before, statistics["previous_satisfaction"], PREVIOUS_COLOR),
                percent=True,
            ),
        ]

    def _qc_report_values(self, chart_keys):
        """What a PDF of this period prints: the statistics, its figures and
        the images of the charts `chart_keys`."""
        self.ensure_one()
        statistics = self._qc_period_statistics()
        charts = [chart for chart in self._qc_charts(statistics) if chart["key"] in chart_keys]
        for chart in charts:
            chart["image"] = False if chart["empty"] else chart_png(chart)
        return {
            "statistics": statistics,
            "figures": self._qc_figure_rows(statistics["figures"]),
            "charts": charts,
            "breakdowns": self._breakdowns(statistics["kpis"]),
        }

    def _capa_line_on_time_rate(self, start, end):
        """Raw SQL: the comparison of two columns has no domain form. The
        company is the dashboard's, which its record rule keeps among the user's."""
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

    def _breakdowns(self, kpis):
        """Tables for the PDFs beside the charts: {title: [(label, count)]}."""
        self.ensure_one()

        def rows(key, field_name):
            result = []
            for group, count in kpis[key]:
                if isinstance(group, models.BaseModel):
                    label = group.display_name or self.env._("Undefined")
                else:
                    label = self._qc_selection_label(field_name, group)
                result.append((label, count or 0))
            return result

        month_rows = [
            (self._qc_month_label(month), count or 0) for month, count, _ack, _reply in kpis["by_month"]
        ]
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


def _as_date(value):
    """A month of a read_group on a datetime (a datetime) or a date, as a date."""
    return value.date() if isinstance(value, datetime) else value


def _or_none(value):
    """An average of read_group, None (no data) where it averaged nothing: it then gives False, not 0."""
    return None if value is False or value is None else value
