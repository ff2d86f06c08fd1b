from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import LazyTranslate, email_normalize, format_datetime

from ..const import (
    CHANNELS,
    CUSTOMER_SERVICE,
    INQUIRY_OPEN_STATES,
    INQUIRY_STATES,
    INQUIRY_TOPICS,
    QUALITY_SUPERVISOR,
    REPLY_METHODS,
)
from ..public_tools import PublicFormRefused, check_contact, check_public_submission, form_text
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

ANSWER_FIELDS = frozenset({"answered_date", "answered_by_id"})
INQUIRY_STEPS = {
    "register": Step(sets=frozenset({"name"}), label=_lt("register an inquiry")),
    "answer": Step(
        ("new",),
        ("answered",),
        CUSTOMER_SERVICE,
        sets=ANSWER_FIELDS,
        advances=True,
        label=_lt("answer an inquiry"),
    ),
    "convert_to_complaint": Step(
        ("new", "answered"),
        ("converted",),
        CUSTOMER_SERVICE,
        sets=frozenset({"complaint_id", "converted_date", "converted_by_id"}),
        label=_lt("turn an inquiry into a case"),
    ),
    "convert_to_capa": Step(
        ("new", "answered"),
        ("converted",),
        QUALITY_SUPERVISOR,
        sets=frozenset({"capa_id", "converted_date", "converted_by_id"}),
        label=_lt("turn an inquiry into a corrective action"),
    ),
    "cancel": Step(("new",), ("cancelled",), CUSTOMER_SERVICE, label=_lt("cancel an inquiry")),
    "flag_overdue": Step(sets=frozenset({"is_overdue"}), label=_lt("flag an overdue inquiry")),
}
INQUIRY_STEP_OWNED = frozenset(
    {
        "name",
        *ANSWER_FIELDS,
        "complaint_id",
        "capa_id",
        "converted_date",
        "converted_by_id",
        "is_overdue",
        # Computed from the policy and the steps' dates.
        "answer_deadline",
        "answered_on_time",
    }
)
# Fields of the public form (咨询/需求) and their length limits.
PUBLIC_LINE_MAX = 200
PUBLIC_TEXT_MAX = 5000


class QualityComplaintInquiry(models.Model):
    """A customer inquiry or request (需求咨询): a question about services,
    capabilities, prices, a quick item or a potential project, answered
    within hours (24 h, urgent 4 h, by the deadline policies). Not a
    complaint: when one reveals a complaint or a nonconformity, a step turns
    it into a case or a corrective action, which it then points to."""

    _name = "quality.complaint.inquiry"
    _description = "Customer inquiry"
    _inherit = ["quality.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _qc_steps = INQUIRY_STEPS
    _qc_step_owned = INQUIRY_STEP_OWNED
    _qc_locks = (
        Lock(
            states=("answered", "converted", "cancelled"),
            message=_lt("%s is answered or closed: its record can no longer be changed."),
        ),
    )
    _qc_sequence_code = "quality.complaint.inquiry"
    _order = "received_date desc, id desc"
    _check_company_auto = True

    # === FIELDS === #

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        INQUIRY_STATES,
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand="_expand_states",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    received_date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Customer", tracking=True, index="btree_not_null")
    contact_name = fields.Char(string="Contact person")
    contact_phone = fields.Char(string="Phone")
    contact_email = fields.Char(string="E-mail")
    topic = fields.Selection(
        INQUIRY_TOPICS, string="Asks about", required=True, default="service", tracking=True
    )
    description = fields.Text(string="What the customer asks", required=True)
    urgent = fields.Boolean(tracking=True, help="Urgent inquiries are answered within the shorter term.")
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        default=lambda self: self.env.user if not self.env.user.share else False,
        domain=[("share", "=", False)],
        tracking=True,
        index=True,
    )
    answer_deadline = fields.Datetime(
        string="Answer by", compute="_compute_answer_deadline", store=True, tracking=True, index=True
    )
    answer = fields.Text(tracking=True)
    answer_method = fields.Selection(REPLY_METHODS, string="Answered by way of", tracking=True)
    answered_date = fields.Datetime(string="Answered on", readonly=True, copy=False)
    answered_by_id = fields.Many2one("res.users", string="Answered by", readonly=True, copy=False)
    answered_on_time = fields.Boolean(
        string="Answered on time",
        compute="_compute_answered_on_time",
        store=True,
        help="Answered, or turned into a case or corrective action, by the answer deadline.",
    )
    is_overdue = fields.Boolean(
        string="Chased as overdue",
        readonly=True,
        copy=False,
        help="Set by the overdue job when the answer deadline passed unanswered.",
    )
    complaint_id = fields.Many2one(
        "quality.complaint",
        string="Case",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    capa_id = fields.Many2one(
        "quality.corrective.action",
        string="Corrective action",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    converted_date = fields.Datetime(string="Turned on", readonly=True, copy=False)
    converted_by_id = fields.Many2one("res.users", string="Turned by", readonly=True, copy=False)

    # === COMPUTE METHODS === #

    @api.depends("received_date", "urgent", "channel", "company_id")
    def _compute_answer_deadline(self):
        Policy = self.env["quality.complaint.deadline.policy"]
        terms = Policy._terms_for(self)
        requests = {}
        for inquiry in self:
            term_name = "inquiry_urgent_hours" if inquiry.urgent else "inquiry_hours"
            calendar = inquiry.company_id._qc_deadline_calendar()
            requests[inquiry] = (
                calendar,
                inquiry.received_date,
                terms[inquiry][term_name],
                terms[inquiry]["units"][term_name],
            )
        due = Policy._qc_due_dates(requests)
        for inquiry in self:
            inquiry.answer_deadline = due[inquiry]

    @api.depends("answer_deadline", "answered_date", "converted_date")
    def _compute_answered_on_time(self):
        for inquiry in self:
            done = inquiry.answered_date or inquiry.converted_date
            inquiry.answered_on_time = bool(
                done and inquiry.answer_deadline and done <= inquiry.answer_deadline
            )

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Customer inquiries are part of the lab's records and are never deleted."))

    @api.model
    def _expand_states(self, states, domain):
        return [key for key, _label in INQUIRY_STATES if key != "cancelled"]

    # === ACTION METHODS === #

    def action_answer(self):
        inquiries = self._qc_step("answer")
        unanswered = inquiries.filtered(
            lambda inquiry: not (inquiry.answer or "").strip() or not inquiry.answer_method
        )
        if unanswered:
            raise UserError(
                self.env._("Record the answer to %s and how it was given first.", unanswered[0].name)
            )
        inquiries.write(
            {"state": "answered", "answered_date": fields.Datetime.now(), "answered_by_id": self.env.uid}
        )
        return True

    def action_convert_to_complaint(self):
        """Open the case this inquiry reveals, with the customer's words, and point to it."""
        self.ensure_one()
        inquiry = self._qc_step("convert_to_complaint")
        case = self.env["quality.complaint"].create(
            {
                "company_id": self.company_id.id,
                "channel": self.channel,
                "description": self.description,
                "summary": self.env._("From inquiry %s", self.name),
                "partner_id": self.partner_id.id,
                "complainant_name": self.contact_name or self.partner_id.name,
                "complainant_phone": self.contact_phone,
                "complainant_email": self.contact_email or self.partner_id.email,
            }
        )
        inquiry.write(
            {
                "state": "converted",
                "complaint_id": case.id,
                "converted_date": fields.Datetime.now(),
                "converted_by_id": self.env.uid,
            }
        )
        return case._qc_form_action()

    def action_convert_to_capa(self):
        """Open the corrective or preventive action this inquiry reveals, and point to it."""
        self.ensure_one()
        inquiry = self._qc_step("convert_to_capa")
        capa = self.env["quality.corrective.action"].create(
            {
                "company_id": self.company_id.id,
                "title": self.env._("Customer inquiry %s", self.name),
                "capa_type": "preventive",
                "source": "inquiry",
                "source_record": f"{self._name},{self.id}",
                "problem_what": self.description,
            }
        )
        inquiry.write(
            {
                "state": "converted",
                "capa_id": capa.id,
                "converted_date": fields.Datetime.now(),
                "converted_by_id": self.env.uid,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.corrective.action",
            "res_id": capa.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_case(self):
        self.ensure_one()
        return self.complaint_id._qc_form_action()

    def action_cancel(self):
        self._qc_step("cancel").write({"state": "cancelled"})
        return True

    # === BUSINESS METHODS === #

    @api.model
    def _qc_working_days_changed(self, companies):
        """As for cases: the answer deadlines of the open inquiries of
        `companies` are computed again at the next flush."""
        inquiries = self.sudo().search(
            [("company_id", "in", companies.ids), ("state", "in", INQUIRY_OPEN_STATES)]
        )
        if inquiries:
            self.env.add_to_compute(self._fields["answer_deadline"], inquiries)

    @api.model
    def _overdue_domain(self, now):
        return [
            ("state", "in", INQUIRY_OPEN_STATES),
            ("answer_deadline", "<", now),
            ("is_overdue", "=", False),
        ]

    @api.model
    def _cron_process_overdue(self, now=None):
        """Chase the inquiries whose answer deadline passed: each is flagged
        once and its handler (else customer service) gets one to-do. Set-based:
        the same few queries whatever the number of inquiries."""
        now = now or fields.Datetime.now()
        inquiries = self.sudo().search(self._overdue_domain(now))
        if not inquiries:
            return inquiries
        fallback = self.env.ref("quality_complaint.group_customer_service")._qc_active_users()[:1]
        inquiries._qc_chase_overdue(
            self.env.ref("quality_complaint.mail_activity_type_urging"),
            lambda inquiry: inquiry.user_id or fallback,
            lambda inquiry: inquiry.env._("Inquiry %s: answer overdue", inquiry.name),
        )
        return inquiries

    @api.model
    def _qc_period_figures(self, start, end, companies):
        """{"inquiry_count", "inquiry_on_time_rate"} of the inquiries received
        between the naive UTC datetimes `start` and `end`: one query. The
        on-time rate counts those answered (or turned) by their deadline among
        the answered, turned and overdue ones; None without any."""
        domain = Domain(
            [("received_date", ">=", start), ("received_date", "<", end), ("company_id", "in", companies.ids)]
        )
        groups = self._read_group(domain, ["state", "answered_on_time", "is_overdue"], ["__count"])
        count = sum(number for *_keys, number in groups)
        due = sum(
            number
            for state, _on_time, overdue, number in groups
            if state in ("answered", "converted") or (state == "new" and overdue)
        )
        on_time = sum(
            number for state, on_time, _overdue, number in groups if on_time and state != "cancelled"
        )
        return {"inquiry_count": count, "inquiry_on_time_rate": 100.0 * on_time / due if due else None}

    # Public form (咨询/需求) and portal
    @api.model
    def _create_from_public_form(self, values, client_ip):
        """Register an inquiry sent through the public form; raises PublicFormRefused.
        The same rate limit and spam trap as a complaint."""
        check_public_submission(self.env, values, client_ip)
        inquiry_values, errors = self._qc_parse_public_form(values)
        if errors:
            raise PublicFormRefused(self.env._("Please correct the fields marked below."), errors=errors)
        return (
            self.sudo()._qc_step("register").with_context(mail_create_nosubscribe=True).create(inquiry_values)
        )

    @api.model
    def _qc_parse_public_form(self, values):
        """Inquiry values from the public form's fields: (values, {field: message})."""
        errors = {}

        def text(name, limit):
            return form_text(self.env, values, errors, name, limit)

        description = text("description", PUBLIC_TEXT_MAX)
        if not description:
            errors["description"] = self.env._("Tell us what you would like to know.")
        name = text("complainant_name", PUBLIC_LINE_MAX)
        phone = text("complainant_phone", 64)
        email = text("complainant_email", PUBLIC_LINE_MAX)
        if not name:
            errors["complainant_name"] = self.env._("Give your name so that we can answer you.")
        check_contact(self.env, errors, email, phone)
        if not values.get("privacy_consent"):
            errors["privacy_consent"] = self.env._("We need your consent to process your personal data.")
        topic = values.get("topic") or "service"
        if topic not in dict(INQUIRY_TOPICS):
            errors["topic"] = self.env._("Choose what you ask about.")
        user = self.env.user
        portal_partner = user.partner_id if user.share and not user._is_public() else False
        return {
            "channel": "portal" if portal_partner else "web",
            "topic": topic,
            "description": description,
            "partner_id": portal_partner.id if portal_partner else False,
            "contact_name": name,
            "contact_phone": phone or False,
            "contact_email": email_normalize(email) or False,
            "user_id": False,
        }, errors

    def _qc_public_answer_by(self):
        """The answer deadline as the customer reads it: the lab's local time, in the page's language."""
        self.ensure_one()
        tz = self.company_id._qc_deadline_calendar().tz or "UTC"
        return (
            format_datetime(self.env, self.answer_deadline, tz=tz, dt_format="short")
            if self.answer_deadline
            else ""
        )

    @api.model
    def _qc_portal_domain(self, partner):
        """Inquiries of a portal user's company: isolated per commercial partner."""
        return [("partner_id", "child_of", partner.commercial_partner_id.id)]

    @api.model
    def _qc_portal_inquiries(self, partner, limit=None, offset=0):
        return self.sudo().search(self._qc_portal_domain(partner), limit=limit, offset=offset)

    @api.model
    def _qc_portal_count(self, partner):
        return self.sudo().search_count(self._qc_portal_domain(partner))
