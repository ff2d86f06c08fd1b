import re
import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate, email_normalize

from ..const import CUSTOMER_SERVICE
from ..public_tools import (
    PublicFormRefused,
    lang_url_prefix,
    mail_apart,
    may_read_complainant_links,
    public_text,
    record_from_token,
    salutation,
)
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
DISSATISFIED_UP_TO = 2  # a 1 or a 2 on any item makes the answer dissatisfied
SUGGESTION_MAX = 10000
RESPONSE_STEPS = {
    # A follow-up of a case, invited by the follow-up job.
    "invite_followup": Step(
        sets=frozenset({"complaint_id"}), label=_lt("invite a complainant to a follow-up")
    ),
    "invite": Step(
        ("invited",),
        groups=CUSTOMER_SERVICE,
        sets=frozenset({"invite_date", "last_mail_date"}),
        label=_lt("invite a customer"),
    ),
    "remind": Step(
        ("invited",),
        groups=CUSTOMER_SERVICE,
        sets=frozenset({"last_mail_date", "reminder_count"}),
        label=_lt("remind a customer"),
    ),
    # The customer's answer, through their personal link.
    "answer": Step(
        ("invited",),
        ("answered",),
        sets=frozenset({"answer_date", "answer_source"}),
        label=_lt("answer a survey"),
    ),
    # The customer's answer on paper (an on-site form, a letter), entered by staff.
    "enter_paper_form": Step(
        ("invited",),
        ("answered",),
        CUSTOMER_SERVICE,
        sets=frozenset({"answer_date", "answer_source", "entered_by_id"}),
        label=_lt("enter a paper form"),
    ),
    "open_complaint": Step(
        ("answered",),
        groups=CUSTOMER_SERVICE,
        sets=frozenset({"opened_complaint_id"}),
        label=_lt("open a complaint from an answer"),
    ),
}


class QualitySatisfactionResponse(models.Model):
    """One customer's answers to a campaign, reached through a personal link (S3)."""

    _name = "quality.satisfaction.response"
    _description = "Satisfaction survey response"
    _inherit = ["quality.workflow.mixin"]
    _qc_steps = RESPONSE_STEPS
    # What the customer said is theirs once answered.
    _qc_locks = (
        Lock(
            states=("answered",),
            frozen=frozenset({"line_ids", "suggestion"}),
            message=_lt("%s is answered: the customer's ratings and comments no longer change."),
        ),
    )
    _qc_step_owned = frozenset(
        {
            "invite_date",
            "answer_source",
            "entered_by_id",
            "last_mail_date",
            "reminder_count",
            "answer_date",
            "complaint_id",
            "opened_complaint_id",
            # Computed from the ratings and dates.
            "average_rating",
            "is_dissatisfied",
            "return_deadline",
            "returned_late",
        }
    )
    _order = "id desc"
    _rec_name = "survey_id"
    _check_company_auto = True

    # === FIELDS === #

    survey_id = fields.Many2one(
        "quality.satisfaction.survey", string="Campaign", required=True, ondelete="cascade", index=True
    )
    survey_type = fields.Selection(related="survey_id.survey_type", store=True)
    company_id = fields.Many2one(related="survey_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null")
    email = fields.Char()
    access_token = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: uuid.uuid4().hex
    )
    answer_url = fields.Char(
        string="Personal link",
        compute="_compute_answer_url",
        help="To send by another channel (WeChat, SMS).",
    )
    state = fields.Selection(
        [("invited", "Invited"), ("answered", "Answered")],
        default="invited",
        required=True,
        index=True,
        copy=False,
    )
    invite_date = fields.Datetime(string="Invited on", readonly=True, copy=False)
    last_mail_date = fields.Datetime(string="Last mailed on", readonly=True, copy=False)
    reminder_count = fields.Integer(string="Reminders sent", readonly=True, copy=False)
    answer_date = fields.Datetime(string="Answered on", readonly=True, copy=False)
    answer_source = fields.Selection(
        [("link", "Personal link"), ("paper", "Paper form entered by staff")],
        string="Answered through",
        readonly=True,
        copy=False,
    )
    entered_by_id = fields.Many2one("res.users", string="Paper form entered by", readonly=True, copy=False)
    line_ids = fields.One2many("quality.satisfaction.response.line", "response_id", string="Ratings")
    suggestion = fields.Text(string="Comments and suggestions")
    average_rating = fields.Float(compute="_compute_rating_summary", store=True, aggregator="avg")
    is_dissatisfied = fields.Boolean(
        string="Dissatisfied",
        compute="_compute_rating_summary",
        store=True,
        help="An item was rated 1 or 2.",
    )
    complaint_id = fields.Many2one(
        "quality.complaint",
        string="Case followed up",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
    )
    opened_complaint_id = fields.Many2one(
        "quality.complaint", string="Complaint opened", readonly=True, copy=False, check_company=True
    )
    # On-site service evaluation forms (S2): returned within N working days.
    service_date = fields.Date(string="Service date")
    service_description = fields.Char(string="Service evaluated")
    service_end_date = fields.Date(
        string="Service ended on", help="The form is returned within 15 working days (setting) of this day."
    )
    return_authentication = fields.Selection(
        [("signature", "Signed by the customer"), ("stamp", "Stamped by the customer's department")],
        string="Signature or stamp",
        help="How the customer authenticated the returned form.",
    )
    return_signed_by = fields.Char(
        string="Signed or stamped by", help="The signatory, or the department whose stamp."
    )
    return_deadline = fields.Date(
        string="Return by",
        compute="_compute_return_deadline",
        store=True,
        help="End of the service (else the invitation) + 15 working days (setting).",
    )
    returned_late = fields.Boolean(compute="_compute_return_deadline", store=True)
    # Annual customer visits and lab visit requests (S2).
    visit_date = fields.Date()
    visit_direction = fields.Selection(
        [("to_customer", "We visited the customer"), ("to_lab", "The customer visits the lab (request)")],
        string="Visit",
    )
    visit_participants = fields.Char(string="Participants")
    visit_notes = fields.Text(string="Visit minutes")

    _token_unique = models.Constraint("UNIQUE(access_token)", "A survey link is personal.")

    # === COMPUTE METHODS === #

    @api.depends("line_ids.rating")
    def _compute_rating_summary(self):
        for response in self:
            ratings = response.line_ids.mapped("rating")
            response.average_rating = sum(ratings) / len(ratings) if ratings else 0.0
            response.is_dissatisfied = any(rating <= DISSATISFIED_UP_TO for rating in ratings)

    def _compute_answer_url(self):
        for response in self:
            response.answer_url = response._qc_answer_url() if response.id else False

    @api.depends("invite_date", "service_end_date", "answer_date", "survey_type", "company_id")
    def _compute_return_deadline(self):
        param = self.env["quality.complaint"]._qc_param
        dated = self.filtered(
            lambda r: r.survey_type == "onsite" and r._qc_return_start() and r.company_id.resource_calendar_id
        )
        (self - dated).update({"return_deadline": False, "returned_late": False})
        working_dates = {}
        for calendar in dated.company_id.resource_calendar_id:
            starts = [
                calendar._qc_local_date(r._qc_return_start())
                for r in dated
                if r.company_id.resource_calendar_id == calendar
            ]
            # Long holidays (Spring Festival) can remove two weeks: leave room.
            longest = max(param("onsite_return_days", company) for company in dated.company_id)
            working_dates[calendar] = calendar._qc_working_dates(
                min(starts), max(starts) + timedelta(days=longest * 3 + 30)
            )
        for response in dated:
            calendar = response.company_id.resource_calendar_id
            days = param("onsite_return_days", response.company_id)
            deadline = calendar._qc_local_date(
                calendar._qc_add_working_days(response._qc_return_start(), days, working_dates[calendar])
            )
            response.return_deadline = deadline
            answered = response.answer_date and calendar._qc_local_date(response.answer_date)
            response.returned_late = bool(answered and answered > deadline)

    def _qc_return_start(self):
        """When an on-site form's return period starts: the end of the service, else the invitation."""
        if self.service_end_date:
            return self.company_id.resource_calendar_id._qc_start_of_day(self.service_end_date)
        return self.invite_date

    # === CRUD METHODS === #

    @api.model
    def _has_field_access(self, field, operation):
        # A record rule cannot hide a field per role: the link is refused here.
        if field.name in {"access_token", "answer_url"} and not may_read_complainant_links(self.env):
            return False
        return super()._has_field_access(field, operation)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Survey responses are quality records and are never deleted."))

    # === ACTION METHODS === #

    def action_open_complaint(self):
        self.ensure_one()
        self._qc_step("open_complaint")
        case = self._qc_open_complaint()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.complaint",
            "res_id": case.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_enter_paper_form(self):
        """The ratings typed from a paper form become the customer's answer."""
        responses = self._qc_step("enter_paper_form")
        unrated = responses.filtered(lambda response: not response.line_ids)
        if unrated:
            raise UserError(
                self.env._("Enter the ratings of the paper form on %s first.", unrated[0].display_name)
            )
        unsigned = responses.filtered(
            lambda response: (
                response.survey_type == "onsite"
                and not (response.return_authentication and (response.return_signed_by or "").strip())
            )
        )
        if unsigned:
            raise UserError(
                self.env._(
                    "Record the signature or department stamp of the on-site form %s and who signed it.",
                    unsigned[0].display_name,
                )
            )
        responses.write(
            {
                "state": "answered",
                "answer_date": fields.Datetime.now(),
                "answer_source": "paper",
                "entered_by_id": self.env.uid,
            }
        )
        for response in responses.filtered(lambda r: r.survey_type == "followup" and r.complaint_id):
            response._qc_followup_outcome()
        return True

    def action_send_reminder(self):
        self.filtered(lambda response: response.state == "invited")._qc_send_reminder()
        return True

    # === BUSINESS METHODS === #

    # Links and mails
    def _qc_answer_url(self):
        """The personal answer page, opening in the language the customer is written to in."""
        self.ensure_one()
        response = self.sudo()
        prefix = lang_url_prefix(self.env, response.complaint_id.lang or response.partner_id.lang)
        return f"{self.survey_id.get_base_url()}{prefix}/satisfaction/{response.access_token}"

    def _qc_recipient(self):
        """(partners, e-mail) to write to: a follow-up asks the case's complainant."""
        self.ensure_one()
        response = self.sudo()
        if response.complaint_id:
            return response.complaint_id._qc_complainant_contacts()
        return response.partner_id, email_normalize(
            response.email or response.partner_id.email or ""
        ) or False

    def _qc_letter_values(self):
        """How the mail opens (mail_layout_complainant); the personal link is in the body."""
        partners, _email = self._qc_recipient()
        return {"salutation": salutation(self.env, partners.name), "tracking_url": False}

    def _qc_mail(self, template_xmlid):
        # Apart from the survey: its readers must not open the personal link.
        recipients = {response.id: response._qc_recipient() for response in self}
        reachable = self.filtered(
            lambda response: recipients[response.id][0].email or recipients[response.id][1]
        )
        mail_apart(self.env.ref(template_xmlid), reachable, recipients)

    def _qc_send_invitation(self):
        now = fields.Datetime.now()
        self._qc_step("invite").sudo().write({"invite_date": now, "last_mail_date": now})
        self._qc_mail("quality_complaint.mail_template_survey_invitation")

    def _qc_send_reminder(self):
        now = fields.Datetime.now()
        for response in self._qc_step("remind").sudo():
            response.write({"last_mail_date": now, "reminder_count": response.reminder_count + 1})
        self._qc_mail("quality_complaint.mail_template_survey_reminder")

    # Public answer page
    @api.model
    def _qc_from_token(self, token):
        """The response of a personal survey link, or an empty recordset."""
        return record_from_token(self, token, TOKEN_RE)

    def _qc_can_answer(self):
        self.ensure_one()
        return self.state == "invited" and self.survey_id.state == "open"

    def _qc_submit_answers(self, values):
        """Record the ratings posted from the personal link; raises PublicFormRefused.

        No rate limit: the link is personal, answers once, and a company's
        colleagues often share one address.
        """
        self.ensure_one()
        if not self._qc_can_answer():
            raise PublicFormRefused(self.env._("This survey was already answered or is closed. Thank you."))
        lines, errors = [], {}
        for question in self.survey_id.question_ids:
            raw = values.get(f"rating_{question.id}")
            if not raw:
                continue  # not applicable
            if raw not in ("1", "2", "3", "4", "5"):
                errors[f"rating_{question.id}"] = self.env._("Rate from 1 to 5.")
                continue
            lines.append({"question_id": question.id, "rating": int(raw)})
        suggestion = public_text(values.get("suggestion"))
        if len(suggestion) > SUGGESTION_MAX:
            errors["suggestion"] = self.env._("At most %s characters, please.", SUGGESTION_MAX)
        if not lines and not errors:
            errors["ratings"] = self.env._("Rate at least one item.")
        if errors:
            raise PublicFormRefused(self.env._("Please correct the answers marked below."), errors=errors)
        response = self.sudo()._qc_step("answer")
        response.write(
            {
                "line_ids": [fields.Command.create(line) for line in lines],
                "suggestion": suggestion or False,
                "state": "answered",
                "answer_date": fields.Datetime.now(),
                "answer_source": "link",
            }
        )
        if response.survey_type == "followup" and response.complaint_id:
            response._qc_followup_outcome()
        return response

    def _qc_followup_outcome(self):
        """S1: a satisfied complainant closes the case; a dissatisfied one reopens it."""
        self.ensure_one()
        case = self.complaint_id._qc_as_lab()
        if self.is_dissatisfied:
            self._qc_open_complaint()
            return
        if case.state != "replied":
            return
        if case.acceptance == "pending":
            case._qc_step("complainant_answer")._qc_record_answer("accepted", None, "survey")
        try:
            with self.env.cr.savepoint():
                case.action_close()
        except UserError as error:
            case._qc_post_note(
                _lt("The follow-up survey is satisfied but the case cannot close yet: %s", error.args[0])
            )

    # S5: a dissatisfied answer opens a complaint in one click
    def _qc_complaint_description(self):
        self.ensure_one()
        low = self.line_ids.filtered(lambda line: line.rating <= DISSATISFIED_UP_TO)
        parts = [
            self.env._(
                "Satisfaction survey %(survey)s answered on %(date)s.",
                survey=self.survey_id.name,
                date=fields.Date.to_string(self.answer_date) if self.answer_date else "-",
            )
        ]
        parts += [
            self.env._("%(item)s: rated %(rating)s of 5", item=line.question_id.name, rating=line.rating)
            for line in low
        ]
        if self.suggestion:
            parts.append(self.env._("Comments: %s", self.suggestion))
        return "\n".join(str(part) for part in parts)

    def _qc_open_complaint(self):
        self.ensure_one()
        if self.opened_complaint_id:
            return self.opened_complaint_id
        parent = self.complaint_id.sudo()
        # The case is the lab's record: its texts are in the lab's language.
        lab = self.with_context(lang=self.company_id._qc_lang())
        partner, email = self._qc_recipient()
        values = {
            "kind": "complaint",
            "channel": "survey",
            "company_id": self.company_id.id,
            "summary": lab.env._("Dissatisfied answer to %s", lab.survey_id.name),
            "description": lab._qc_complaint_description(),
            "partner_id": partner.id,
            "complainant_email": email,
            "complainant_name": partner.name,
        }
        if parent:
            identity = parent.identity_id
            values.update(
                {
                    "parent_id": parent.id,
                    "category_id": parent.category_id.id,
                    "report_ref": parent.report_ref,
                    "confidential": parent.confidential,
                    "is_real_name": parent.is_real_name,
                    "complainant_name": identity.name or partner.name,
                    "complainant_organisation": identity.organisation,
                    "complainant_phone": identity.phone,
                }
            )
        case = self.env["quality.complaint"].sudo().with_context(mail_create_nosubscribe=True).create(values)
        self.sudo()._qc_step("open_complaint").opened_complaint_id = case
        return case
