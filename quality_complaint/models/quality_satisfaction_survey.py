import calendar
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import LazyTranslate

from ..const import CUSTOMER_SERVICE, SATISFIED_FROM
from .quality_workflow_mixin import Step

_lt = LazyTranslate(__name__)

SURVEY_STEPS = {
    "open": Step(("draft",), ("open",), CUSTOMER_SERVICE, label=_lt("start a survey campaign")),
    "invite": Step(("open",), groups=CUSTOMER_SERVICE, label=_lt("invite customers")),
    "send_reminders": Step(("open",), groups=CUSTOMER_SERVICE, label=_lt("remind customers")),
    "close": Step(("draft", "open"), ("closed",), CUSTOMER_SERVICE, label=_lt("close a survey campaign")),
    "reset_draft": Step(
        ("open", "closed"),
        ("draft",),
        CUSTOMER_SERVICE,
        label=_lt("reset a survey campaign to draft"),
    ),
    # The monthly campaign of post-case follow-ups, opened by the follow-up job.
    "open_followup": Step(to_states=("open",), label=_lt("open the follow-up campaign")),
}

SURVEY_TYPES = [
    ("periodic", "Periodic survey"),
    ("annual", "Annual questionnaire"),
    ("onsite", "On-site service evaluation"),
    ("followup", "Post-case follow-up"),
    ("visit", "Customer visit / lab visit request"),
]


class QualitySatisfactionSurvey(models.Model):
    """A satisfaction survey campaign (S2-S4) and its analysis."""

    _name = "quality.satisfaction.survey"
    _description = "Satisfaction survey campaign"
    _inherit = ["quality.workflow.mixin", "mail.thread"]
    _qc_steps = SURVEY_STEPS
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # === FIELDS === #

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    survey_type = fields.Selection(
        SURVEY_TYPES, string="Type", required=True, default="periodic", tracking=True
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, domain=[("share", "=", False)]
    )
    date_start = fields.Date(string="Period from", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="Period to", required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("draft", "Draft"), ("open", "In progress"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )
    question_ids = fields.Many2many(
        "quality.satisfaction.question",
        string="Questionnaire",
        compute="_compute_question_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Customers to invite", help="Each receives a personal link by e-mail."
    )
    response_ids = fields.One2many("quality.satisfaction.response", "survey_id", string="Responses")
    invited_count = fields.Integer(string="Invited", compute="_compute_counts")
    answered_count = fields.Integer(string="Answered", compute="_compute_counts")
    dissatisfied_count = fields.Integer(string="Dissatisfied answers", compute="_compute_counts")
    response_rate = fields.Float(compute="_compute_rates", help="Answered / invited, in %.")
    overall_rate = fields.Float(
        string="Overall satisfaction",
        compute="_compute_rates",
        help="Share of all item ratings that are 4 or 5, in %.",
    )
    previous_survey_id = fields.Many2one(
        "quality.satisfaction.survey",
        string="Previous campaign",
        compute="_compute_rates",
        help="The latest earlier campaign of the same type and company.",
    )
    previous_overall_rate = fields.Float(string="Previous overall satisfaction", compute="_compute_rates")
    trend = fields.Float(string="Trend (points)", compute="_compute_rates")
    item_rates_html = fields.Html(string="Satisfaction per item", compute="_compute_rates", sanitize=False)
    analysis_problems = fields.Text(string="Problems and causes")
    analysis_actions = fields.Text(
        string="Improvement actions", help="Actions decided from this campaign; open CAPA for each."
    )

    _period_check = models.Constraint("CHECK(date_end >= date_start)", "A campaign ends after it starts.")

    # === COMPUTE METHODS === #

    @api.depends("survey_type")
    def _compute_question_ids(self):
        questions = self.env["quality.satisfaction.question"].search(
            ["|", ("is_default", "=", True), ("is_complaint_handling", "=", True)]
        )
        for survey in self:
            flag = "is_complaint_handling" if survey.survey_type == "followup" else "is_default"
            survey.question_ids = questions.filtered(flag)

    @api.depends("response_ids.state", "response_ids.is_dissatisfied")
    def _compute_counts(self):
        counts = defaultdict(lambda: [0, 0, 0])
        groups = self.env["quality.satisfaction.response"]._read_group(
            [("survey_id", "in", self.ids)], ["survey_id", "state", "is_dissatisfied"], ["__count"]
        )
        for survey, state, dissatisfied, count in groups:
            counts[survey.id][0] += count
            if state == "answered":
                counts[survey.id][1] += count
                counts[survey.id][2] += count if dissatisfied else 0
        for survey in self:
            survey.invited_count, survey.answered_count, survey.dissatisfied_count = counts[survey._origin.id]

    @api.depends(
        "response_ids.line_ids.rating", "response_ids.state", "question_ids", "date_start", "survey_type"
    )
    def _compute_rates(self):
        item_rows = self._qc_item_rows()
        previous_surveys = self.browse().union(*(before for _rows, before in item_rows.values()))
        earlier_totals = previous_surveys._qc_totals()
        totals = self._qc_totals()
        for survey in self:
            rows, before = item_rows.get(survey, ([], self.browse()))
            rated, satisfied, answered, invited = totals.get(survey._origin.id, (0, 0, 0, 0))
            survey.overall_rate = self._qc_percent(satisfied, rated)
            survey.response_rate = self._qc_percent(answered, invited)
            survey.previous_survey_id = before
            before_rated, before_satisfied, _a, _i = earlier_totals.get(before.id, (0, 0, 0, 0))
            survey.previous_overall_rate = self._qc_percent(before_satisfied, before_rated)
            survey.trend = (
                round(survey.overall_rate - survey.previous_overall_rate, 1)
                if before_rated and rated
                else 0.0
            )
            survey.item_rates_html = self.env["ir.qweb"]._render(
                "quality_complaint.satisfaction_item_rates", {"rows": rows, "previous": before}
            )

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invited(self):
        # Deleting a campaign would cascade to its customers' responses, which are kept:
        # all of them, also those the record rules hide from the user.
        if self.sudo().response_ids:
            raise UserError(
                self.env._("Customers were invited to this campaign: close it instead of deleting it.")
            )

    # === ACTION METHODS === #

    def action_open(self):
        surveys = self._qc_step("open")
        if any(not survey.question_ids for survey in surveys):
            raise UserError(self.env._("Choose the questionnaire items first."))
        surveys.write({"state": "open"})
        return self.action_invite()

    def action_invite(self):
        """Create a personal response for every customer not yet invited and mail the link."""
        self._qc_step("invite")
        values = []
        for survey in self:
            already = survey.response_ids.partner_id
            for partner in survey.partner_ids - already:
                values.append({"survey_id": survey.id, "partner_id": partner.id, "email": partner.email})
        responses = self.env["quality.satisfaction.response"].create(values)
        responses._qc_send_invitation()
        return True

    def action_send_reminders(self):
        self._qc_step("send_reminders")
        self.response_ids.filtered(lambda response: response.state == "invited")._qc_send_reminder()
        return True

    def action_close(self):
        self._qc_step("close").write({"state": "closed"})
        return True

    def action_reset_draft(self):
        surveys = self._qc_step("reset_draft")
        if surveys.response_ids:
            raise UserError(self.env._("Customers were invited: the campaign cannot go back to draft."))
        surveys.write({"state": "draft"})
        return True

    def action_view_responses(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Responses"),
            "res_model": "quality.satisfaction.response",
            "view_mode": "list,form",
            "domain": [("survey_id", "=", self.id)],
            "context": {"default_survey_id": self.id},
        }

    # === BUSINESS METHODS === #

    def _qc_previous_surveys(self):
        """{campaign: the latest earlier campaign of its type and company}, one search."""
        dated = self.filtered("date_start")
        if not dated:
            return {}
        candidates = self.search(
            [
                ("survey_type", "in", list(set(dated.mapped("survey_type")))),
                ("company_id", "in", dated.company_id.ids),
                ("date_start", "<", max(dated.mapped("date_start"))),
                ("id", "not in", dated._origin.ids),
            ],
            order="date_start desc, id desc",
        )
        previous = {}
        for survey in dated:
            previous[survey] = next(
                (
                    other
                    for other in candidates
                    if other.survey_type == survey.survey_type
                    and other.company_id == survey.company_id
                    and other.date_start < survey.date_start
                ),
                self.browse(),
            )
        return previous

    def _qc_item_rates(self):
        """{campaign id: {question: [rated, satisfied]}} in one grouped query."""
        rates = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        groups = (
            self.env["quality.satisfaction.response.line"]
            .sudo()
            ._read_group(
                [("survey_id", "in", self._origin.ids)], ["survey_id", "question_id", "rating"], ["__count"]
            )
        )
        for survey, question, rating, count in groups:
            rates[survey.id][question][0] += count
            if rating >= SATISFIED_FROM:
                rates[survey.id][question][1] += count
        return rates

    @staticmethod
    def _qc_percent(part, whole):
        return round(100.0 * part / whole, 1) if whole else 0.0

    def _qc_item_rows(self):
        """{campaign: (rows, previous campaign)}; a row per questionnaire item with its trend."""
        previous = self._qc_previous_surveys()
        rates = self.union(*previous.values())._qc_item_rates()
        result = {}
        for survey in self:
            before = previous.get(survey, self.browse())
            own, earlier = rates[survey._origin.id], rates[before.id] if before else {}
            rows = []
            for question in survey.question_ids.union(*own):
                rated, satisfied = own.get(question, (0, 0))
                before_rated, before_satisfied = earlier.get(question, (0, 0))
                rate = self._qc_percent(satisfied, rated)
                before_rate = self._qc_percent(before_satisfied, before_rated) if before_rated else None
                rows.append(
                    {
                        "question": question,
                        "rated": rated,
                        "satisfied": satisfied,
                        "rate": rate,
                        "previous_rate": before_rate,
                        "trend": round(rate - before_rate, 1) if before_rate is not None and rated else None,
                    }
                )
            result[survey] = (rows, before)
        return result

    def _qc_totals(self):
        """{campaign id: (ratings, satisfied ratings, answered, invited)} in two grouped queries."""
        totals = defaultdict(lambda: [0, 0, 0, 0])
        if not self._origin.ids:
            return totals
        for survey, rating, count in (
            self.env["quality.satisfaction.response.line"]
            .sudo()
            ._read_group([("survey_id", "in", self._origin.ids)], ["survey_id", "rating"], ["__count"])
        ):
            totals[survey.id][0] += count
            if rating >= SATISFIED_FROM:
                totals[survey.id][1] += count
        for survey, state, count in (
            self.env["quality.satisfaction.response"]
            .sudo()
            ._read_group([("survey_id", "in", self._origin.ids)], ["survey_id", "state"], ["__count"])
        ):
            totals[survey.id][3] += count
            if state == "answered":
                totals[survey.id][2] += count
        return totals

    @api.model
    def _qc_followup_campaign(self, company, day):
        """The open post-case follow-up campaign of `company` covering `day`, created monthly."""
        campaign = self.sudo().search(
            [
                ("survey_type", "=", "followup"),
                ("company_id", "=", company.id),
                ("state", "=", "open"),
                ("date_start", "<=", day),
                ("date_end", ">=", day),
            ],
            limit=1,
        )
        if campaign:
            return campaign
        first = day.replace(day=1)
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        return (
            self.sudo()
            .with_company(company)
            ._qc_step("open_followup")
            .create(
                {
                    "name": self.env._("Post-case follow-up %s", first.strftime("%Y-%m")),
                    "survey_type": "followup",
                    "company_id": company.id,
                    "date_start": first,
                    "date_end": last,
                    "state": "open",
                    "user_id": False,
                }
            )
        )

    # === CRON METHODS === #

    @api.model
    def _cron_followup_surveys(self):
        """S1: invite the complainant of each case replied N days ago (default 7) to a follow-up."""
        days = int(self.env["quality.complaint"]._qc_param("followup_days"))
        today = fields.Date.context_today(self)
        Complaint = self.env["quality.complaint"].sudo()
        cases = Complaint.search(
            [
                ("state", "in", ("replied", "closed")),
                ("reply_date", "<=", today - timedelta(days=days)),
                # A grace month for a server that was down, not the whole history.
                ("reply_date", ">=", today - timedelta(days=days + 30)),
                ("is_anonymous", "=", False),
                ("personal_data_anonymised_date", "=", False),
            ]
        )
        followed = {
            case.id
            for [case] in self.env["quality.satisfaction.response"]
            .sudo()
            ._read_group([("complaint_id", "in", cases.ids)], ["complaint_id"])
        }
        values = []
        campaigns = {}
        for case in cases:
            if case.id in followed or not case._qc_complainant_contacts()[1]:
                continue
            if case.company_id not in campaigns:
                campaigns[case.company_id] = self._qc_followup_campaign(case.company_id, today)
            # Whom to ask stays on the case's identity, behind its rules: the
            # survey's readers (auditors, records) never see the complainant.
            values.append({"survey_id": campaigns[case.company_id].id, "complaint_id": case.id})
        responses = (
            self.env["quality.satisfaction.response"].sudo()._qc_step("invite_followup").create(values)
        )
        responses._qc_send_invitation()
        return responses

    @api.model
    def _cron_send_reminders(self):
        """Remind the invited customers who have not answered, at most N times."""
        param = self.env["quality.complaint"]._qc_param
        now = fields.Datetime.now()
        # Each company with its own interval and number of reminders.
        due = Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain("reminder_count", "<", param("survey_reminder_max", company))
            & Domain("last_mail_date", "<=", now - timedelta(days=param("survey_reminder_days", company)))
            for company in self.env["res.company"].sudo().search([])
        )
        responses = (
            self.env["quality.satisfaction.response"]
            .sudo()
            .search(Domain("state", "=", "invited") & Domain("survey_id.state", "=", "open") & due)
        )
        responses._qc_send_reminder()
        return responses
