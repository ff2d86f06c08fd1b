from collections import defaultdict
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.base.models.res_partner import _lang_get
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, LazyTranslate, email_normalize, format_datetime, html2plaintext
from odoo.tools.mail import parse_contact_from_email
from odoo.tools.translate import LazyGettext

from ..audit_trail import rewriting_trail
from ..const import (
    CHANNELS,
    CUSTOMER_SERVICE,
    DATABASE_PARAMS,
    DEPARTMENT,
    FOLDED_STATES,
    INVALID_REASONS,
    KINDS,
    OPEN_STATES,
    PARAM_DEFAULTS,
    QUALITY_MANAGER,
    QUALITY_SUPERVISOR,
    RECORDS_ADMIN,
    REPLY_METHODS,
    SEVERITIES,
    SEVERITY_RANK,
    STATES,
    TECHNICAL_MANAGER,
    TOP_MANAGEMENT,
)
from ..cron_batches import in_committed_batches
from ..evidence_pack import EvidencePack
from ..list_notice import notify_list
from ..mail_authentication import sender_is_authenticated
from ..public_tools import may_read_complainant_links
from ..todos import schedule_todos
from .quality_complaint_identity import VAULT_FIELDS
from .quality_workflow_mixin import Lock, Step, StepRequired

_lt = LazyTranslate(__name__)

MAJOR_CRITERIA = (
    "major_reputation",
    "major_claim",
    "major_senior_management",
    "major_regulator_media",
    "major_injury",
    "major_repeated",
    "major_key_customer",
)
# Complainant identity, kept on quality.complaint.identity behind its own rules.
IDENTITY_FIELDS = {
    "partner_id": "partner_id",
    "complainant_name": "name",
    "complainant_organisation": "organisation",
    "complainant_phone": "phone",
    "complainant_email": "email",
    "complainant_address": "address",
    "sender_unverified": "sender_unverified",
}
# What was decided: frozen from the submitted decision on; only reopening the
# decision (a step with a reason) changes it.
DECISION_FIELDS = frozenset(
    {
        "validity",
        "invalid_reason",
        "validity_reasoning",
        "resolution",
        "compensation_amount",
        "severity",
        "no_investigation_reason",
        "decision_partner_id",
        "major_criterion_ids",
        *MAJOR_CRITERIA,
    }
)
# What the lab recorded at registration: once acknowledged, corrected only by
# the correction step, which keeps the old value in the trail (ISO/IEC 17025 7.5.2).
RECORDED_FACTS = frozenset(
    {
        "kind",
        "channel",
        "source_detail",
        "received_date",
        "description",
        "complainant_request",
        "report_ref",
        "report_received_date",
        "report_collection_end_date",
        "product_id",
        "sample_ref",
        "objection_letter_date",
        "objection_letter_signed",
        "objection_letter_stamped",
    }
)
# Flags that protect the complainant: raised by anyone who may write the case,
# lowered only by a quality manager who is not involved, with a reason.
PROTECTION_FLAGS = ("confidential", "is_real_name")
OPEN_AFTER_ACK = ("acknowledged", "investigation", "on_hold", "decision", "approved", "replied")
# What the intake job has still to do for a new case (see _cron_finish_intake).
INTAKE_PENDING_FIELDS = frozenset({"duplicate_check_pending", "routing_notice_pending", "receipt_pending"})
# The most likely original the intake job found (quality_complaint_duplicate.py).
SUSPECTED_DUPLICATE_FIELDS = frozenset({"suspected_duplicate_id", "suspected_duplicate_score"})
# Fields a case may be born with from the application's own paths (the public
# form, mail intake, follow-ups): never from a client.
REGISTRATION_FIELDS = frozenset(
    {
        "name",
        "identity_id",
        "privacy_consent",
        "privacy_consent_date",
        "report_ref_verified",
        "report_link_unverified",
        *SUSPECTED_DUPLICATE_FIELDS,
        *INTAKE_PENDING_FIELDS,
    }
)
# Set when the decision is submitted: whether it is approved in stages, and the first stage.
APPROVAL_START_FIELDS = frozenset({"approval_staged", "approval_stage"})
# What the stages before the director's approval record.
APPROVAL_STAGE_FIELDS = frozenset(
    {
        "department_approver_id",
        "department_approved_date",
        "renegotiated_by_id",
        "renegotiated_date",
    }
)
# What linking a case as a duplicate records, besides its closure.
DUPLICATE_LINK_FIELDS = frozenset(
    {"duplicate_of_id", "duplicate_reason", "duplicate_linked_by_id", "duplicate_linked_date", "close_date"}
)
CASE_STEPS = {
    "register": Step(sets=REGISTRATION_FIELDS, label=_lt("register a case")),
    "acknowledge": Step(
        ("new",),
        ("acknowledged",),
        CUSTOMER_SERVICE,
        sets=frozenset({"ack_date", "validity", "invalid_reason", "validity_reasoning", "resolution"}),
        advances=True,
        label=_lt("acknowledge a case"),
    ),
    "override_out_of_time": Step(
        ("acknowledged", "investigation", "on_hold", "decision"),
        groups=QUALITY_MANAGER,
        sets=frozenset({"validity", "invalid_reason", "validity_reasoning", "resolution"}),
        label=_lt("accept a late objection"),
    ),
    "start_investigation": Step(
        ("acknowledged",),
        ("investigation",),
        QUALITY_SUPERVISOR,
        impartial=True,
        advances=True,
        label=_lt("start an investigation"),
    ),
    "put_on_hold": Step(
        ("acknowledged", "investigation", "decision"),
        ("on_hold",),
        CUSTOMER_SERVICE,
        sets=frozenset({"state_before_hold"}),
        label=_lt("put a case on hold"),
    ),
    "resume": Step(
        ("on_hold",),
        ("acknowledged", "investigation", "decision"),
        CUSTOMER_SERVICE,
        sets=frozenset({"state_before_hold", "hold_reason"}),
        advances=True,
        label=_lt("resume a case"),
    ),
    "submit_decision": Step(
        ("acknowledged", "investigation"),
        ("decision",),
        TECHNICAL_MANAGER,
        impartial=True,
        sets=frozenset(
            {
                "decider_id",
                "decision_date",
                "no_investigation_by_id",
                "decision_involved_user_ids",
                *APPROVAL_START_FIELDS,
            }
        ),
        advances=True,
        label=_lt("decide a case"),
    ),
    "approve": Step(
        ("decision",),
        ("approved",),
        QUALITY_MANAGER,
        impartial=True,
        sets=frozenset({"approver_id", "approved_date", "approval_involved_user_ids"}),
        advances=True,
        label=_lt("approve a decision"),
    ),
    # Approval in stages (a deadline policy or the category asks for it): the
    # head of the responsible department, a plan renegotiated with the
    # complainant, then the director through `approve`.
    "approve_department": Step(
        ("decision",),
        groups=TECHNICAL_MANAGER,
        impartial=True,
        sets=frozenset({"approval_stage", "department_approver_id", "department_approved_date"}),
        advances=True,
        label=_lt("approve as head of department"),
    ),
    "renegotiate_plan": Step(
        ("decision",),
        groups=QUALITY_MANAGER,
        impartial=True,
        sets=frozenset({"approval_stage", "renegotiated_by_id", "renegotiated_date"}),
        advances=True,
        label=_lt("record the plan renegotiated with the complainant"),
    ),
    "reopen_decision": Step(
        ("decision", "approved"),
        ("acknowledged", "investigation"),
        QUALITY_MANAGER,
        impartial=True,
        sets=frozenset(
            {
                "decider_id",
                "decision_date",
                "no_investigation_by_id",
                "approver_id",
                "approved_date",
                "decision_involved_user_ids",
                "approval_involved_user_ids",
                *APPROVAL_START_FIELDS,
                *APPROVAL_STAGE_FIELDS,
            }
        ),
        label=_lt("reopen a decision"),
    ),
    "send_reply": Step(
        ("approved",),
        ("replied",),
        CUSTOMER_SERVICE,
        sets=frozenset({"reply_date", "acceptance"}),
        advances=True,
        label=_lt("send the reply"),
    ),
    # A letter sent in error is withdrawn before the complainant answers it:
    # its verification page says so from then on, and a new letter is sent.
    "withdraw_reply": Step(
        ("replied",),
        ("approved",),
        QUALITY_MANAGER,
        impartial=True,
        sets=frozenset({"reply_date", "acceptance"}),
        label=_lt("withdraw the reply letter"),
    ),
    "accept_outcome": Step(
        ("replied",),
        groups=CUSTOMER_SERVICE,
        sets=frozenset({"acceptance", "acceptance_date", "acceptance_source", "acceptance_note"}),
        advances=True,
        label=_lt("record the complainant's answer"),
    ),
    "reject_outcome": Step(
        ("replied",),
        groups=CUSTOMER_SERVICE,
        sets=frozenset({"acceptance", "acceptance_date", "acceptance_source", "acceptance_note"}),
        label=_lt("record the complainant's answer"),
    ),
    # The complainant's own answer, on the tracking page or in the follow-up survey.
    "complainant_answer": Step(
        ("replied",),
        sets=frozenset({"acceptance", "acceptance_date", "acceptance_source", "acceptance_note"}),
        label=_lt("record the complainant's answer"),
    ),
    "close": Step(
        ("replied",),
        ("closed",),
        CUSTOMER_SERVICE,
        sets=frozenset({"close_date", "end_notice_date"}),
        advances=True,
        label=_lt("close a case"),
    ),
    "cancel": Step(
        ("new", "acknowledged", "investigation", "on_hold", "decision"),
        ("cancelled",),
        QUALITY_SUPERVISOR,
        sets=frozenset({"close_date"}),
        label=_lt("cancel a case"),
    ),
    # A repeated complaint refers to the original's investigation instead of
    # having its own (ISO 13485 8.2.2, 21 CFR 820.198): it is closed as a duplicate.
    "link_duplicate": Step(
        ("new", "acknowledged", "investigation"),
        ("cancelled",),
        QUALITY_SUPERVISOR,
        sets=DUPLICATE_LINK_FIELDS,
        label=_lt("link a case as a duplicate"),
    ),
    "unlink_duplicate": Step(
        ("cancelled",),
        ("new", "acknowledged"),
        QUALITY_SUPERVISOR,
        sets=DUPLICATE_LINK_FIELDS,
        label=_lt("undo the link of a duplicate"),
    ),
    "send_late_notice": Step(
        ("acknowledged", "investigation", "on_hold", "decision", "approved"),
        groups=CUSTOMER_SERVICE,
        sets=frozenset({"late_notice_date"}),
        label=_lt("announce a late reply"),
    ),
    "mark_archived": Step(
        ("closed", "cancelled"),
        groups=RECORDS_ADMIN,
        sets=frozenset({"records_archived", "records_archived_date", "records_archived_by_id"}),
        label=_lt("mark a case as archived"),
    ),
    "correct_fact": Step(
        (*OPEN_AFTER_ACK, "closed"),
        groups=CUSTOMER_SERVICE,
        sets=RECORDED_FACTS,
        label=_lt("correct a recorded fact"),
    ),
    "remove_involved": Step(
        ("new", *OPEN_AFTER_ACK),
        groups=QUALITY_MANAGER,
        impartial=True,
        sets=frozenset({"involved_user_ids", "involved_partner_ids"}),
        label=_lt("remove an involved person"),
    ),
    "lower_protection": Step(
        ("new", *OPEN_AFTER_ACK),
        groups=QUALITY_MANAGER,
        impartial=True,
        sets=frozenset(PROTECTION_FLAGS),
        label=_lt("lower the protection of the complainant's identity"),
    ),
    "request_audit": Step(
        sets=frozenset({"audit_requested_date", "management_review_input"}),
        label=_lt("request an internal audit"),
    ),
    "flag_overdue": Step(sets=frozenset({"is_overdue"}), label=_lt("flag an overdue case")),
    "finish_intake": Step(
        sets=INTAKE_PENDING_FIELDS | SUSPECTED_DUPLICATE_FIELDS, label=_lt("finish the intake of a new case")
    ),
    # The responsible department returns the handling form (处理单) to the office.
    "return_handling_form": Step(
        OPEN_AFTER_ACK,
        groups=DEPARTMENT,
        sets=frozenset({"handover_date", "handover_by_id"}),
        label=_lt("return the handling form to the office"),
    ),
    "apply_retest": Step(
        ("acknowledged", "investigation", "on_hold"),
        sets=frozenset(
            {
                "validity",
                "invalid_reason",
                "validity_reasoning",
                "compensation_proposed",
                "compensation_amount",
            }
        ),
        label=_lt("apply a re-test"),
    ),
    "anonymise": Step(
        sets=frozenset({"personal_data_anonymised_date"}),
        label=_lt("erase the complainant's personal data"),
    ),
}
# Set by a step or computed, never written by a client.
CASE_STEP_OWNED = frozenset(
    {
        *REGISTRATION_FIELDS,
        "state_before_hold",
        "ack_date",
        "decider_id",
        "decision_date",
        "no_investigation_by_id",
        "decision_involved_user_ids",
        "approver_id",
        "approved_date",
        "approval_involved_user_ids",
        "reply_date",
        "acceptance",
        "acceptance_date",
        "acceptance_source",
        "acceptance_note",
        "close_date",
        "end_notice_date",
        "late_notice_date",
        "records_archived",
        "records_archived_date",
        "records_archived_by_id",
        "audit_requested_date",
        "is_overdue",
        "handover_date",
        "handover_by_id",
        "compensation_proposed",
        "personal_data_anonymised_date",
        *DUPLICATE_LINK_FIELDS,
        *APPROVAL_START_FIELDS,
        *APPROVAL_STAGE_FIELDS,
        # Computed from the steps' dates and the pauses.
        "ack_deadline",
        "plan_deadline",
        "reply_deadline",
        "handover_deadline",
        "current_deadline",
        "paused_days",
        "working_days_to_reply",
        "explanation_deadline",
        "authority_deadline",
        "retention_until",
        "requires_top_approval",
        "evidence_locked",
        "identity_restricted",
        "duplicate_text",
        "duplicate_report_key",
        "duplicate_lot_key",
    }
)
CASE_LOCKS = (
    Lock(
        states=("closed", "cancelled"),
        writable=frozenset({"management_review_input"}),
        message=_lt("%s is closed: its record can no longer be changed."),
    ),
    Lock(
        states=("decision", "approved", "replied", "closed"),
        frozen=DECISION_FIELDS,
        message=_lt("The decision on %s is submitted: reopen the decision to change it."),
    ),
    # On hold after the decision was submitted: still submitted.
    Lock(
        field="state_before_hold",
        states=("decision",),
        frozen=DECISION_FIELDS,
        message=_lt("The decision on %s is submitted: reopen the decision to change it."),
    ),
    Lock(
        states=(*OPEN_AFTER_ACK, "closed", "cancelled"),
        frozen=RECORDED_FACTS,
        message=_lt("%s is acknowledged: correct its recorded facts with a reason (Correct)."),
    ),
    # The letter as received is evidence: never replaced once the case is acknowledged.
    Lock(
        states=(*OPEN_AFTER_ACK, "closed", "cancelled"),
        frozen=frozenset({"objection_letter_file", "objection_letter_filename"}),
        message=_lt("%s is acknowledged: the objection letter as received is kept as it is."),
    ),
    # The renegotiated plan, once recorded, is what the director approves.
    Lock(
        field="renegotiated_date",
        frozen=frozenset({"renegotiated_plan"}),
        message=_lt("The renegotiated plan of %s is recorded: reopen the decision to change it."),
    ),
)
# Cases per committed batch of the overdue job: the ORM writes 100 rows per
# statement, so every batch costs the same number of queries.
OVERDUE_BATCH = 100
# Cases per committed batch of the intake job: one scoring query, one write.
INTAKE_BATCH = 100
# Counted in working days: computed again when the working days change.
DEADLINE_FIELDS = (
    "paused_days",
    "ack_deadline",
    "plan_deadline",
    "reply_deadline",
    "handover_deadline",
    "explanation_deadline",
    "current_deadline",
)
# States in which the handling form is out with the responsible department.
HANDOVER_STATES = ("acknowledged", "investigation", "on_hold", "decision", "approved")
STATE_DEADLINE = {
    "new": "ack_deadline",
    "acknowledged": "plan_deadline",
    "investigation": "plan_deadline",
    "decision": "reply_deadline",
    "approved": "reply_deadline",
}


def _identity_search(identity_field):
    def search(records, operator, value):
        # Through the identity, so its record rules decide what matches.
        return [(f"identity_id.{identity_field}", operator, value)]

    return search


def _identity_inverse(identity_field):
    def inverse(records):
        # One field at a time: while a field is written, the ORM reads the
        # other fields of its compute group as empty, and writing them all
        # would erase the complainant's other details.
        records._inverse_identity(identity_field)

    return inverse


def _identity_field(field_class, identity_field, **kwargs):
    """A complainant field of the case, read and written through its identity record."""
    return field_class(
        compute="_compute_identity",
        inverse=_identity_inverse(identity_field),
        search=_identity_search(identity_field),
        **kwargs,
    )


class QualityComplaint(models.Model):
    _name = "quality.complaint"
    _description = "Complaint / appeal case"
    _inherit = [
        "quality.workflow.mixin",
        "quality.grouped.view.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
    ]
    _order = "received_date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"
    _qc_steps = CASE_STEPS
    _qc_step_owned = CASE_STEP_OWNED
    _qc_locks = CASE_LOCKS
    _qc_sequence_code = "quality.complaint"

    # === FIELDS === #

    # Registration (I1-I3, I6)
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    summary = fields.Char(tracking=True)
    kind = fields.Selection(KINDS, required=True, default="complaint", tracking=True)
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    source_detail = fields.Char(
        string="Source", help="Who passed the case on: the association, newspaper or authority."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    received_date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    identity_id = fields.Many2one(
        "quality.complaint.identity", readonly=True, copy=False, index=True, ondelete="restrict"
    )
    identity_visible = fields.Boolean(
        compute="_compute_identity", help="Whether you may see who the complainant is."
    )
    partner_id = _identity_field(
        fields.Many2one, "partner_id", comodel_name="res.partner", string="Complainant"
    )
    complainant_name = _identity_field(fields.Char, "name", string="Contact person")
    complainant_organisation = _identity_field(fields.Char, "organisation", string="Organisation")
    complainant_phone = _identity_field(fields.Char, "phone", string="Phone")
    complainant_email = _identity_field(fields.Char, "email", string="E-mail")
    complainant_address = _identity_field(fields.Char, "address", string="Address")
    lang = fields.Selection(
        _lang_get,
        string="Language",
        tracking=True,
        help="The complainant is answered in this language (mails, reply letter, tracking page), "
        "whoever on staff sends the answer. Set from the page they wrote from, else from the contact, "
        "else the lab's own language.",
    )
    sender_unverified = _identity_field(
        fields.Boolean,
        "sender_unverified",
        string="Unverified sender",
        help="The case came by mail from a sender the lab's mail server did not authenticate: "
        "anyone can write in someone else's name. It is filed under no customer until "
        "customer service confirms who wrote.",
    )
    is_anonymous = fields.Boolean(string="Anonymous", tracking=True)
    confidential = fields.Boolean(
        tracking=True,
        help="The complainant's identity is shown only to customer service, the quality "
        "chain and top management, never to the people the case is about.",
    )
    is_real_name = fields.Boolean(
        string="Real-name report",
        tracking=True,
        help="A named report about staff (whistle-blowing): the identity is protected "
        "as on a confidential case.",
    )
    identity_restricted = fields.Boolean(compute="_compute_identity_restricted", store=True, precompute=True)
    # Trigram-indexed: the recurrence job compares descriptions (pg_trgm).
    description = fields.Text(required=True, index="trigram")
    complainant_request = fields.Text(string="What the complainant asks for")
    report_ref = fields.Char(string="Report number", index=True, tracking=True)
    report_received_date = fields.Date(string="Report received on")
    report_collection_end_date = fields.Date(
        string="Report collection period ends on",
        help="The last day on which the customer may collect the report: where the deadline "
        "policy says so, the objection window starts there.",
    )
    product_id = fields.Many2one("product.product", string="Product / service", index="btree_not_null")
    sample_ref = fields.Char(string="Sample / lot / serial no.")
    test_method = fields.Char(
        string="Test method",
        index="btree_not_null",
        tracking=True,
        help="Standard or method of the test complained of.",
    )
    # restrict: deleting a category or department in use would rewrite closed records.
    category_id = fields.Many2one(
        "quality.complaint.category", tracking=True, index=True, ondelete="restrict"
    )
    department_id = fields.Many2one(
        "quality.complaint.department",
        string="Responsible department",
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )

    # Triage (T1-T7)
    severity = fields.Selection(
        SEVERITIES,
        compute="_compute_severity",
        store=True,
        readonly=False,
        required=True,
        tracking=True,
        precompute=True,
    )
    major_reputation = fields.Boolean(string="Harms the lab's reputation")
    major_claim = fields.Boolean(string="Claim or large economic loss")
    major_senior_management = fields.Boolean(string="Raised by the customer's senior management")
    major_regulator_media = fields.Boolean(string="Regulator or media involved")
    major_injury = fields.Boolean(string="Injury or accident")
    major_repeated = fields.Boolean(string="Repeated complaint")
    major_key_customer = fields.Boolean(string="Key or new customer")
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    first_contact_user_id = fields.Many2one(
        "res.users",
        string="First contact",
        default=lambda self: self.env.user if not self.env.user.share else False,
        domain=[("share", "=", False)],
        tracking=True,
        help="Whoever first received the case stays accountable for talking to the complainant.",
    )
    investigator_ids = fields.Many2many(
        "res.users",
        "quality_complaint_investigator_rel",
        "complaint_id",
        "user_id",
        string="Investigators",
        domain=[("share", "=", False)],
    )
    involved_user_ids = fields.Many2many(
        "res.users",
        "quality_complaint_involved_rel",
        "complaint_id",
        "user_id",
        string="Involved people",
        domain=[("share", "=", False)],
        tracking=True,
        help="People whose work the case is about or who took part in an earlier decision: "
        "they may not handle, investigate, decide or approve it, nor see a protected identity. "
        "Once the case is acknowledged they are only added; a quality manager who is not "
        "involved removes one, with a reason.",
    )
    decision_involved_user_ids = fields.Many2many(
        "res.users",
        "quality_complaint_decision_involved_rel",
        "complaint_id",
        "user_id",
        string="Involved people at the decision",
        readonly=True,
        copy=False,
        help="Who was involved when the decision was submitted: the decider was judged against them.",
    )
    approval_involved_user_ids = fields.Many2many(
        "res.users",
        "quality_complaint_approval_involved_rel",
        "complaint_id",
        "user_id",
        string="Involved people at the approval",
        readonly=True,
        copy=False,
        help="Who was involved when the decision was approved: the approver was judged against them.",
    )
    concerns_lab = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        string="Concerns the lab's activities",
        tracking=True,
        help="Decided at acknowledgement (ISO/IEC 17025 7.9.2).",
    )
    validity = fields.Selection(
        [("pending", "Pending"), ("valid", "Valid"), ("invalid", "Invalid")],
        default="pending",
        required=True,
        tracking=True,
    )
    invalid_reason = fields.Selection(INVALID_REASONS, tracking=True)
    validity_reasoning = fields.Text(tracking=True)
    no_investigation_reason = fields.Text(string="Why not investigated", tracking=True)
    no_investigation_by_id = fields.Many2one(
        "res.users", string="Not investigated, decided by", readonly=True, copy=False
    )
    regulatory_reportable = fields.Selection(
        [("yes", "Must be reported"), ("no", "Not reportable")], tracking=True
    )
    regulatory_report_by_id = fields.Many2one(
        "res.users", string="Reported by", domain=[("share", "=", False)]
    )
    regulatory_deadline = fields.Date(string="Reporting deadline")
    regulatory_report_date = fields.Date(string="Reported on")
    similar_complaint_ids = fields.Many2many(
        "quality.complaint",
        compute="_compute_similar_complaint_ids",
        string="Similar cases",
    )
    similar_complaint_count = fields.Integer(compute="_compute_similar_complaint_ids")

    # Decision, approval and reply (R1-R8)
    state = fields.Selection(
        STATES,
        default="new",
        required=True,
        tracking=True,
        copy=False,
        group_expand="_expand_states",
    )
    state_before_hold = fields.Selection(STATES, readonly=True, copy=False)
    hold_reason = fields.Text(string="Waiting for", copy=False, help="What the case waits on while on hold.")
    resolution = fields.Text(string="Decision and handling plan", tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    compensation_amount = fields.Monetary(tracking=True)
    decider_id = fields.Many2one("res.users", string="Decided by", readonly=True, copy=False)
    approver_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False, tracking=True)
    requires_top_approval = fields.Boolean(
        compute="_compute_requires_top_approval",
        store=True,
        precompute=True,
        help="Major and critical cases, compensation and authority referrals are approved by top management.",
    )
    negotiated_agreement = fields.Text(string="Agreement with the complainant", tracking=True)
    agreement_date = fields.Date()
    explanation_deadline = fields.Datetime(
        compute="_compute_explanation_deadline",
        store=True,
        help="Cases that are not the lab's responsibility are explained within a week.",
    )
    explanation_date = fields.Date(string="Explained on", tracking=True)
    explanation_method = fields.Selection([("written", "In writing"), ("oral", "Orally")], tracking=True)
    reply_date = fields.Date(tracking=True, copy=False)
    reply_method = fields.Selection(REPLY_METHODS, default="email", tracking=True)
    acceptance = fields.Selection(
        [("pending", "Awaiting answer"), ("accepted", "Accepted"), ("rejected", "Not accepted")],
        string="Complainant's answer",
        tracking=True,
        copy=False,
    )
    acceptance_date = fields.Date(copy=False)
    acceptance_note = fields.Text(string="Complainant's comment", copy=False)
    acceptance_source = fields.Selection(
        [
            ("staff", "Told to the lab's staff"),
            ("tracking_page", "The complainant, on the tracking page"),
            ("survey", "The complainant, in the follow-up survey"),
        ],
        string="Answer recorded from",
        readonly=True,
        copy=False,
        tracking=True,
    )
    end_notice_date = fields.Date(string="End notice sent on", readonly=True, copy=False)
    late_notice_reason = fields.Text(string="Why the reply will be late")
    late_notice_date = fields.Date(string="Late notice sent on", readonly=True, copy=False, tracking=True)
    authority_deadline = fields.Date(
        string="Answer to the authority by",
        compute="_compute_authority_deadline",
        store=True,
        help="An accreditation body or regulator referral is answered within 2 months (setting).",
    )
    authority_letter_date = fields.Date(string="Letter to the authority sent on", tracking=True)
    authority_letter_ref = fields.Char(string="Letter reference")
    out_of_time_override_reason = fields.Text(
        string="Why accepted although out of time", tracking=True, copy=False
    )
    cancel_reason = fields.Text(tracking=True, copy=False)
    parent_id = fields.Many2one(
        "quality.complaint",
        string="Continues case",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    child_ids = fields.One2many("quality.complaint", "parent_id", string="Follow-up cases")
    satisfaction_response_ids = fields.One2many(
        "quality.satisfaction.response",
        "complaint_id",
        string="Follow-up surveys",
        groups="quality_complaint.group_customer_service,quality_complaint.group_internal_auditor,"
        "quality_complaint.group_records_admin",
    )

    # Deadlines (M1, M2, M6)
    ack_deadline = fields.Datetime(
        string="Acknowledge by", compute="_compute_deadlines", store=True, tracking=True
    )
    plan_deadline = fields.Datetime(
        string="Handling plan by", compute="_compute_deadlines", store=True, tracking=True
    )
    reply_deadline = fields.Datetime(
        string="Reply by", compute="_compute_deadlines", store=True, tracking=True
    )
    handover_deadline = fields.Datetime(
        string="Handling form back by",
        compute="_compute_deadlines",
        store=True,
        tracking=True,
        help="When the responsible department must have returned the handling form to the office.",
    )
    handover_date = fields.Datetime(
        string="Handling form returned on", readonly=True, copy=False, tracking=True
    )
    handover_by_id = fields.Many2one(
        "res.users", string="Handling form returned by", readonly=True, copy=False
    )
    current_deadline = fields.Datetime(
        string="Next deadline", compute="_compute_current_deadline", store=True, index=True
    )
    is_overdue = fields.Boolean(
        string="Urged as overdue",
        index=True,
        copy=False,
        readonly=True,
        help="Set by the hourly overdue job when it issues the urging notice.",
    )
    deadline_state = fields.Selection(
        [("none", "No deadline"), ("on_time", "On time"), ("overdue", "Overdue")],
        string="Deadline status",
        compute="_compute_deadline_state",
        search="_search_deadline_state",
        help="Whether the next deadline has passed, from the moment it passes.",
    )
    deadline_label = fields.Char(
        string="Deadline",
        compute="_compute_deadline_label",
        help="Working days left before the next deadline, or by which it was missed, "
        "on the calendar the deadline was computed on.",
    )
    next_step = fields.Char(
        compute="_compute_next_step",
        help="Who acts next on the case (role and person), with which step, and by when.",
    )
    hold_ids = fields.One2many("quality.complaint.hold", "complaint_id", string="Pauses")
    paused_days = fields.Integer(
        string="Paused working days", compute="_compute_paused_days", store=True, precompute=True
    )
    urging_ids = fields.One2many("quality.complaint.urging", "complaint_id", string="Urging notices")
    working_days_to_reply = fields.Integer(
        compute="_compute_working_days_to_reply",
        store=True,
        precompute=True,
        help="Working days from receipt to the reply letter.",
    )
    ack_date = fields.Datetime(string="Acknowledged on", readonly=True, copy=False)
    decision_date = fields.Datetime(readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    close_date = fields.Datetime(readonly=True, copy=False)

    # Records (M5)
    records_archived = fields.Boolean(
        string="Archived (records)",
        readonly=True,
        copy=False,
        tracking=True,
        help="The paper file is archived. The case stays in every list and statistic.",
    )
    records_archived_date = fields.Date(readonly=True, copy=False)
    records_archived_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    retention_until = fields.Date(
        string="Keep until", compute="_compute_retention_until", store=True, precompute=True
    )
    personal_data_anonymised_date = fields.Date(
        string="Personal data anonymised on",
        readonly=True,
        copy=False,
        help="The retention period ended: the complainant's name and contact details were erased.",
    )

    # Investigation, re-test, nonconforming work and CAPA (V1-V7, C1-C4)
    investigation_ids = fields.One2many(
        "quality.complaint.investigation", "complaint_id", string="Investigations"
    )
    retest_ids = fields.One2many("quality.complaint.retest", "complaint_id", string="Re-tests")
    nonconforming_ids = fields.One2many(
        "quality.nonconforming.work", "complaint_id", string="Nonconforming work"
    )
    capa_ids = fields.One2many("quality.corrective.action", "complaint_id", string="Corrective actions")
    # Computed, never written: only the recurrence job puts a case in a cluster.
    cluster_ids = fields.Many2many(
        "quality.complaint.cluster",
        string="Recurrence clusters",
        compute="_compute_cluster_ids",
        groups="quality_complaint.group_quality_supervisor,quality_complaint.group_internal_auditor,"
        "quality_complaint.group_records_admin",
    )
    cluster_count = fields.Integer(
        compute="_compute_cluster_ids",
        groups="quality_complaint.group_quality_supervisor,quality_complaint.group_internal_auditor,"
        "quality_complaint.group_records_admin",
    )
    no_capa_reason = fields.Text(
        string="Why no corrective action",
        tracking=True,
        help="A valid case is closed with a CAPA or this reason.",
    )
    evidence_locked = fields.Boolean(
        compute="_compute_evidence_locked",
        store=True,
        precompute=True,
        help="Nonconforming work is confirmed: the investigation records can no longer be altered.",
    )
    compensation_proposed = fields.Boolean(
        readonly=True, copy=False, tracking=True, help="An inconsistent re-test proposes compensation."
    )
    touches_management_system = fields.Boolean(
        compute="_compute_touches_management_system",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        help="The case concerns the management system or policy: a valid one calls for an internal audit.",
    )
    touches_staff_duties = fields.Boolean(
        tracking=True, help="The case concerns staff duties: a valid one calls for an internal audit."
    )
    audit_requested_date = fields.Date(string="Internal audit requested on", readonly=True, copy=False)
    # Done by the intake job right after the case is registered, off the
    # request that registered it (a clerk's save, a public submission).
    routing_notice_pending = fields.Boolean(
        string="Routing notice to send",
        readonly=True,
        copy=False,
        help="The members of the routed role are still to be told of the new case.",
    )
    receipt_pending = fields.Boolean(
        string="Receipt to send",
        readonly=True,
        copy=False,
        help="The complainant of the public form is still to get the receipt with the tracking link.",
    )
    management_review_input = fields.Boolean(
        tracking=True, copy=False, help="Brought to the next management review."
    )

    # The board reads each column's first cards in the order of `_order`.
    _received_date_state_idx = models.Index("(state, received_date DESC, id DESC)")
    # The board's column counts and progress bars (severity per column), with
    # the company of the record rules, read from the index alone.
    _state_severity_idx = models.Index("(state, severity) INCLUDE (company_id)")
    # The list's first page in the order of `_order`, and the statistics by
    # period and category (with the company of the record rules) read from
    # the index alone.
    _received_date_idx = models.Index("(received_date DESC, id DESC) INCLUDE (category_id, company_id)")
    # The intake job's queue: only the few cases it has still to finish.
    # (`IS TRUE`: as the ORM writes the job's domain, so that PostgreSQL matches them.)
    _intake_pending_idx = models.Index(
        "(id) WHERE duplicate_check_pending IS TRUE OR routing_notice_pending IS TRUE OR receipt_pending IS TRUE"
    )
    _reference_unique = models.UniqueIndex("(company_id, name)", "Each case of a lab has its own reference.")

    # === COMPUTE METHODS === #

    @api.depends("name")
    def _compute_display_name(self):
        # The reference comes from the sequence when the case is saved.
        for case in self:
            case.display_name = case.name if case.name != "/" else self.env._("New record")

    @api.depends("confidential", "is_real_name")
    def _compute_identity_restricted(self):
        for case in self:
            case.identity_restricted = case.confidential or case.is_real_name

    @api.depends_context("uid")
    @api.depends("identity_id", *(f"identity_id.{name}" for name in IDENTITY_FIELDS.values()))
    def _compute_identity(self):
        # One query lets PostgreSQL apply the identity's record rules and read
        # the fields at once; checking the rules in Python (_filtered_access)
        # costs more than the whole card.
        identities = self.identity_id
        readable = (
            identities.search_fetch([("id", "in", identities.ids)], list(IDENTITY_FIELDS.values()))
            if identities
            else identities
        )
        for case in self:
            identity = case.identity_id & readable
            case.identity_visible = bool(identity) or not case.identity_id
            for field_name, identity_field in IDENTITY_FIELDS.items():
                case[field_name] = identity[identity_field] if identity else False

    def _inverse_identity(self, identity_field):
        field_name = next(name for name, target in IDENTITY_FIELDS.items() if target == identity_field)
        for case in self:
            values = {identity_field: case[field_name].id if field_name == "partner_id" else case[field_name]}
            if case.identity_id:
                # As the user: the identity's record rules decide who may change it.
                case.identity_id.write(values)
            else:
                case._qc_step("register").identity_id = (
                    self.env["quality.complaint.identity"].sudo().create(dict(values, complaint_id=case.id))
                )

    @api.depends("category_id", "major_criterion_ids", *MAJOR_CRITERIA)
    def _compute_severity(self):
        for case in self:
            severity = case.severity or case.category_id.default_severity or "general"
            if SEVERITY_RANK[severity] < SEVERITY_RANK["major"] and case._qc_meets_major_criterion():
                severity = "major"
            case.severity = severity

    @api.depends("category_id")
    def _compute_user_id(self):
        for case in self:
            routed = case.category_id.routing_user_id
            if routed and not case.user_id and routed not in case.involved_user_ids:
                case.user_id = routed

    @api.depends("severity", "compensation_amount", "compensation_proposed", "channel")
    def _compute_requires_top_approval(self):
        for case in self:
            case.requires_top_approval = (
                case.severity in ("major", "critical")
                or case.compensation_amount > 0
                or case.compensation_proposed
                or case.channel == "authority"
            )

    @api.depends("nonconforming_ids.state")
    def _compute_evidence_locked(self):
        for case in self:
            case.evidence_locked = "confirmed" in case.nonconforming_ids.mapped("state")

    @api.depends("category_id")
    def _compute_touches_management_system(self):
        for case in self:
            case.touches_management_system = (
                case.touches_management_system or case.category_id.touches_management_system
            )

    @api.depends("received_date", "channel")
    def _compute_authority_deadline(self):
        for case in self:
            if case.channel == "authority" and case.received_date:
                months = case._qc_param("authority_months", case.company_id)
                case.authority_deadline = case.received_date.date() + relativedelta(months=months)
            else:
                case.authority_deadline = False

    @api.depends("close_date")
    def _compute_retention_until(self):
        for case in self:
            years = case._qc_param("retention_years", case.company_id)
            case.retention_until = case.close_date and case.close_date.date() + relativedelta(years=years)

    @api.depends("hold_ids.paused_days")
    def _compute_paused_days(self):
        for case in self:
            case.paused_days = sum(case.hold_ids.mapped("paused_days"))

    @api.depends(
        "received_date",
        "ack_date",
        "paused_days",
        "hold_ids.start",
        "hold_ids.stop",
        "kind",
        "severity",
        "category_id",
        "channel",
        "company_id",
    )
    def _compute_deadlines(self):
        Policy = self.env["quality.complaint.deadline.policy"]
        terms = Policy._terms_for(self)
        requests = {}
        for case in self:
            term, units = terms[case], terms[case]["units"]
            calendar = case._qc_calendar()
            requests[case, "ack_deadline"] = (
                calendar,
                case.received_date,
                term["ack_hours"],
                units["ack_hours"],
            )
            if not case.ack_date:
                continue
            for field_name, term_name in (
                ("plan_deadline", "plan_days"),
                ("reply_deadline", "reply_days"),
                ("handover_deadline", "handover_hours"),
            ):
                unit = units[term_name]
                # Pauses move a term by the working days paused, or by the time paused for hours.
                amount = term[term_name] and term[term_name] + (
                    case.paused_days if unit == "working_days" else 0
                )
                requests[case, field_name] = (calendar, case.ack_date, amount, unit)
        due = Policy._qc_due_dates(requests)
        for case in self:
            units = terms[case]["units"]
            paused = case._qc_paused_time()
            for field_name, term_name in (
                ("ack_deadline", "ack_hours"),
                ("plan_deadline", "plan_days"),
                ("reply_deadline", "reply_days"),
                ("handover_deadline", "handover_hours"),
            ):
                deadline = due.get((case, field_name), False)
                if deadline and units[term_name] != "working_days" and field_name != "ack_deadline":
                    deadline += paused
                case[field_name] = deadline

    @api.depends("received_date", "reply_date")
    def _compute_working_days_to_reply(self):
        replied = self.filtered(lambda case: case.received_date and case.reply_date)
        (self - replied).working_days_to_reply = 0
        spans = {}
        for case in replied:
            calendar = case._qc_calendar()
            low, high = spans.get(calendar, (case.received_date.date(), case.reply_date))
            spans[calendar] = (min(low, case.received_date.date()), max(high, case.reply_date))
        working_dates = {cal: cal._qc_working_dates(low, high) for cal, (low, high) in spans.items()}
        for case in replied:
            calendar = case._qc_calendar()
            reply_end = calendar._qc_end_of_day(case.reply_date)
            case.working_days_to_reply = calendar._qc_count_working_days(
                case.received_date, reply_end, working_dates[calendar]
            )

    @api.depends("ack_date", "concerns_lab", "invalid_reason", "paused_days")
    def _compute_explanation_deadline(self):
        explained = self.filtered(
            lambda case: (
                case.ack_date and (case.concerns_lab == "no" or case.invalid_reason == "not_responsible")
            )
        )
        (self - explained).explanation_deadline = False
        days = {case: case._qc_param("explanation_days", case.company_id) for case in explained}
        working_dates = self._qc_working_dates_for(days)
        for case in explained:
            calendar = case._qc_calendar()
            case.explanation_deadline = calendar._qc_add_working_days(
                case.ack_date, days[case] + case.paused_days, working_dates[calendar]
            )

    @api.depends("state", "ack_deadline", "plan_deadline", "reply_deadline")
    def _compute_current_deadline(self):
        no_longer_late = self.browse()
        for case in self:
            field_name = STATE_DEADLINE.get(case.state)
            case.current_deadline = field_name and case[field_name]
            if case.is_overdue and (
                not case.current_deadline or case.current_deadline > fields.Datetime.now()
            ):
                no_longer_late |= case
        if no_longer_late:
            no_longer_late._qc_step("flag_overdue").write({"is_overdue": False})

    @api.depends("current_deadline")
    def _compute_deadline_state(self):
        now = fields.Datetime.now()
        for case in self:
            if not case.current_deadline:
                case.deadline_state = "none"
            else:
                case.deadline_state = "overdue" if case.current_deadline < now else "on_time"

    def _search_deadline_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        now = fields.Datetime.now()
        conditions = {
            "none": Domain("current_deadline", "=", False),
            "on_time": Domain("current_deadline", ">=", now),
            "overdue": Domain("current_deadline", "<", now),
        }
        return Domain.OR(conditions[state] for state in value if state in conditions)

    @api.depends("current_deadline")
    @api.depends_context("lang")
    def _compute_deadline_label(self):
        texts = self._qc_deadline_texts("current_deadline")
        for case in self:
            case.deadline_label = texts.get(case, False)

    @api.depends(
        "state",
        "acceptance",
        "no_investigation_reason",
        "requires_top_approval",
        "user_id",
        "first_contact_user_id",
        "investigator_ids",
        "department_id.leader_id",
        "involved_user_ids",
        "decider_id",
        "current_deadline",
    )
    @api.depends_context("lang", "uid")
    def _compute_next_step(self):
        for case in self:
            step_name = case._qc_next_step() if case.id else None
            case.next_step = (
                case._qc_next_step_text(step_name, case.deadline_label or None) if step_name else False
            )

    def _compute_cluster_ids(self):
        clusters = self.env["quality.complaint.cluster"].search([("complaint_ids", "in", self.ids)])
        for case in self:
            case.cluster_ids = clusters.filtered(lambda cluster, case=case: case in cluster.complaint_ids)
            case.cluster_count = len(case.cluster_ids)

    @api.depends("partner_id", "report_ref", "product_id", "category_id", "received_date")
    def _compute_similar_complaint_ids(self):
        for case in self:
            months = case._qc_param("similar_months", case.company_id)
            criteria = []
            if case.partner_id:
                # The customer's company and all its contacts, in the search's
                # own SQL (child_of walks the contacts tree query by query).
                criteria.append(
                    [("partner_id.commercial_partner_id", "=", case.partner_id.commercial_partner_id.id)]
                )
            for field_name in ("report_ref", "product_id", "category_id"):
                if case[field_name]:
                    criteria.append(
                        [
                            (
                                field_name,
                                "=",
                                case[field_name].id if field_name != "report_ref" else case[field_name],
                            )
                        ]
                    )
            if not criteria or not case.received_date:
                case.similar_complaint_ids = False
                case.similar_complaint_count = 0
                continue
            since = case.received_date - relativedelta(months=months)
            domain = [
                ("id", "not in", case.ids),
                ("received_date", ">=", since),
                ("state", "!=", "cancelled"),
            ]
            any_of = criteria[0]
            for criterion in criteria[1:]:
                any_of = ["|", *any_of, *criterion]
            similar = self.search(domain + any_of, limit=50)
            case.similar_complaint_ids = similar
            case.similar_complaint_count = len(similar)

    # === CONSTRAINT METHODS === #

    @api.constrains("involved_user_ids", "user_id", "investigator_ids")
    def _check_impartiality(self):
        # The decider and the approver are judged at their steps, against the
        # people involved then (kept on the case): people involved later do not
        # undo a decision already made.
        for case in self:
            case._qc_check_impartial(
                case.user_id | case.investigator_ids, self.env._("handle or investigate it")
            )

    def _qc_check_impartial(self, users, duty):
        """V3, for the case and every record that assigns people to it: nobody
        involved in the case takes part in its handling."""
        self.ensure_one()
        conflicts = users & self.involved_user_ids
        if conflicts:
            raise ValidationError(
                self.env._(
                    "%(people)s are involved in %(ref)s and may not %(duty)s (impartiality).",
                    people=", ".join(conflicts.mapped("name")),
                    ref=self.name,
                    duty=duty,
                )
            )

    @api.constrains("severity", "major_criterion_ids", *MAJOR_CRITERIA)
    def _check_major_criteria(self):
        for case in self:
            if SEVERITY_RANK[case.severity] < SEVERITY_RANK["major"] and case._qc_meets_major_criterion():
                raise ValidationError(
                    self.env._(
                        "%s meets a major-case criterion: its severity must be major or critical.", case.name
                    )
                )

    @api.constrains("received_date", "report_received_date")
    def _check_dates(self):
        for case in self:
            if (
                case.report_received_date
                and case.received_date
                and case.report_received_date > case.received_date.date()
            ):
                raise ValidationError(
                    self.env._("%s: the report cannot have been received after the complaint.", case.name)
                )

    # === CRUD METHODS === #

    @api.model
    def _has_field_access(self, field, operation):
        # A record rule cannot hide a field per role: the token is refused here.
        if field.name == "access_token" and not may_read_complainant_links(self.env):
            return False
        return super()._has_field_access(field, operation)

    @api.model_create_multi
    def create(self, vals_list):
        identities = []
        for vals in vals_list:
            identities.append(
                {
                    identity_field: vals.pop(field_name)
                    for field_name, identity_field in IDENTITY_FIELDS.items()
                    if field_name in vals
                }
            )
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if not vals.get("lang"):
                vals["lang"] = self._qc_default_lang(vals, identities[-1].get("partner_id"), company)
            if vals.get("parent_id"):
                vals["involved_user_ids"] = list(vals.get("involved_user_ids") or []) + [
                    fields.Command.link(user.id)
                    for user in self.browse(vals["parent_id"])._qc_earlier_people()
                ]
        for identity in identities:
            # The card and the registers show the organisation even when only the partner was given.
            if identity.get("partner_id") and not identity.get("organisation"):
                partner = self.env["res.partner"].browse(identity["partner_id"])
                identity["organisation"] = partner.commercial_partner_id.name
        cases = super().create(vals_list)
        created = (
            self.env["quality.complaint.identity"]
            .sudo()
            .create(
                [
                    dict(identity, complaint_id=case.id)
                    for case, identity in zip(cases, identities, strict=True)
                ]
            )
        )
        for case, identity in zip(cases.sudo()._qc_step("register"), created, strict=True):
            case.identity_id = identity
        # Once the involved people are written: they are left out.
        for case, handler in cases.filtered(lambda case: not case.user_id)._qc_least_busy_members().items():
            case.user_id = handler
        cases._qc_notify_routing()
        cases._qc_request_internal_audit()
        # Whatever brought it, a new case is compared with the earlier ones by
        # the intake job (with what the public form leaves it in the same
        # transaction).
        cases._qc_leave_to_intake("duplicate_check_pending")
        self._qc_wake_intake()
        return cases

    def write(self, vals):
        if not self._qc_step_run():
            self._qc_check_involved_only_grow(vals)
            self._qc_check_protection_kept(vals)
        if vals.get("parent_id"):
            earlier = self.browse(vals["parent_id"])._qc_earlier_people()
            vals = dict(
                vals,
                involved_user_ids=list(vals.get("involved_user_ids") or [])
                + [fields.Command.link(user.id) for user in earlier],
            )
        result = super().write(vals)
        if {"validity", "touches_management_system", "touches_staff_duties"} & set(vals):
            self._qc_request_internal_audit()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Cases are never deleted (ISO/IEC 17025 8.4): cancel it with a reason instead.")
        )

    def _expand_states(self, states, domain):
        return [key for key, _label in STATES]

    @api.model
    @api.readonly
    def formatted_read_group(  # noqa: PLR0917 - the signature of web's method
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        """Fold the closed and cancelled columns of the board, as stages with
        `fold` do: years of finished cases are counted, not loaded as cards."""
        groups = super().formatted_read_group(domain, groupby, aggregates, having, offset, limit, order)
        if list(groupby)[:1] == ["state"] and self.env.context.get("read_group_expand"):
            for group in groups:
                group["__fold"] = group["state"] in FOLDED_STATES
        return groups

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the complaints alias opens a case; `name` stays the reference.

        The case is filed under the customer of the sender's address only
        when the lab's mail server authenticated the sender
        (mail_authentication.py); otherwise it waits, as an unverified
        sender, for customer service to confirm who wrote.
        """
        email_from = msg_dict.get("email_from") or ""
        verified = sender_is_authenticated(self.env, email_from)
        partner = (
            self._mail_find_partner_from_emails([email_from], force_create=False)[0]
            if email_from and verified
            else False
        )
        if not verified:
            # Nor is the mail on the chatter written in a customer's name
            # (False: no author; a missing one is looked up from the address).
            msg_dict["author_id"] = False
        parsed_name, parsed_email = parse_contact_from_email(email_from)
        values = {
            "channel": "email",
            "summary": (msg_dict.get("subject") or "")[:200],
            "description": html2plaintext(msg_dict.get("body") or "")
            or msg_dict.get("subject")
            or self.env._("(empty mail)"),
            "received_date": fields.Datetime.now(),
            "partner_id": partner.id if partner else False,
            "complainant_name": parsed_name or (partner.name if partner else False),
            "complainant_email": parsed_email,
            "complainant_organisation": partner.commercial_partner_id.name if partner else False,
            "sender_unverified": not verified,
            **(custom_values or {}),
        }
        return self.with_context(mail_create_nosubscribe=True).create(values)

    def _get_customer_information(self):
        # A contact the mail framework creates for the complainant's address
        # speaks the case's language, so later mails to it do too.
        information = super()._get_customer_information()
        for case in self.sudo():
            email = email_normalize(case.identity_id.email or "")
            if email and case.lang:
                information.setdefault(email, {})["lang"] = case.lang
        return information

    def _creation_message(self):
        # Written once for every reader: in the lab's language, not in that of
        # whoever registered the case (a visitor of the public form, a job).
        return super(QualityComplaint, self.with_context(lang=self.company_id._qc_lang()))._creation_message()

    def message_update(self, msg_dict, update_vals=None):
        # A reply from an unverified sender is not written in a customer's name either.
        if not sender_is_authenticated(self.env, msg_dict.get("email_from")):
            msg_dict["author_id"] = False
        return super().message_update(msg_dict, update_vals=update_vals)

    @api.model
    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        """Odoo's generic chatter routes (`/mail/chatter_fetch`,
        `/mail/message/post`, `/mail/attachment/upload` ...) open a record to
        whoever holds its access token or a signed link. On a case that holder
        would read the staff's comments, write into a closed case and store any
        file past the tracking page's checks and rate limit. The tracking page
        is the complainant's only door: those routes keep only the access the
        user has by their own rights."""
        thread = super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
        if thread.env.su and not self.env.su:  # opened by the token or the signed link
            return self.browse()
        return thread

    def _sign_token(self, pid):
        # Every post that notifies signs the customer's link with the token,
        # whoever posts; the token itself stays hidden from the poster.
        return super(QualityComplaint, self.sudo())._sign_token(pid)

    def _message_get_suggested_recipients(self, *args, **kwargs):
        # The complainant is reached through the case's templates, never
        # suggested as a follower (followers are visible to every reader).
        return []

    # === ACTION METHODS === #

    def action_acknowledge(self):
        cases = self._qc_step("acknowledge")
        missing = cases.filtered(lambda case: not case.concerns_lab)
        if missing:
            raise UserError(
                self.env._(
                    "Before acknowledging %s, record whether it concerns the lab's own activities.",
                    missing[0].name,
                )
            )
        now = fields.Datetime.now()
        for case in cases:
            window = case._qc_param("objection_window_days", case.company_id)
            values = {"state": "acknowledged", "ack_date": now}
            if case.concerns_lab == "no":
                values.update(validity="invalid", invalid_reason="not_lab_activity")
            elif case._qc_is_out_of_time(window):
                where, start = case._qc_objection_start()
                if where == "report_received":
                    reasoning = self.env._(
                        "The objection to report %(report)s arrived %(days)s days after the report "
                        "was received; objections are accepted within %(window)s days.",
                        report=case.report_ref or "",
                        days=(case.received_date.date() - start).days,
                        window=window,
                    )
                else:
                    reasoning = self.env._(
                        "The objection to report %(report)s arrived %(days)s days after the end of the "
                        "report collection period; objections are accepted within %(window)s days.",
                        report=case.report_ref or "",
                        days=(case.received_date.date() - start).days,
                        window=window,
                    )
                values.update(
                    validity="invalid",
                    invalid_reason="out_of_time",
                    validity_reasoning=reasoning,
                    resolution=case.resolution
                    or (
                        self.env._(
                            "Your objection was recorded but cannot be examined: it arrived after the "
                            "%s-day objection window that follows the receipt of the report.",
                            window,
                        )
                        if where == "report_received"
                        else self.env._(
                            "Your objection was recorded but cannot be examined: it arrived after the "
                            "%s-day objection window that follows the end of the report collection period.",
                            window,
                        )
                    ),
                )
            case.write(values)
        self._qc_send_to_complainant("quality_complaint.mail_template_acknowledgement")
        return True

    def action_override_out_of_time(self):
        """Quality manager accepts a late objection; the reason is on the case."""
        cases = self._qc_step("override_out_of_time")
        for case in cases:
            if case.invalid_reason != "out_of_time":
                raise UserError(self.env._("%s was not refused as out of time.", case.name))
            if not case.out_of_time_override_reason:
                raise UserError(self.env._("Record why %s is accepted although out of time.", case.name))
        cases.write(
            {"validity": "pending", "invalid_reason": False, "validity_reasoning": False, "resolution": False}
        )
        return True

    def action_return_handling_form(self):
        """The responsible department hands the handling form back to the office."""
        cases = self._qc_step("return_handling_form")
        returned = cases.filtered("handover_date")
        if returned:
            raise UserError(self.env._("The handling form of %s was already returned.", returned[0].name))
        cases.write({"handover_date": fields.Datetime.now(), "handover_by_id": self.env.uid})
        return True

    def action_start_investigation(self):
        self._qc_step("start_investigation").write({"state": "investigation"})
        return True

    def action_put_on_hold(self):
        cases = self._qc_step("put_on_hold")
        missing = cases.filtered(lambda case: not (case.hold_reason or "").strip())
        if missing:
            raise UserError(
                self.env._("Say what %s is waiting for before putting it on hold.", missing[0].name)
            )
        self.env["quality.complaint.hold"]._qc_start(cases)
        for case in cases:
            case.write({"state": "on_hold", "state_before_hold": case.state})
        return True

    def action_resume(self):
        cases = self._qc_step("resume")
        self.hold_ids._qc_stop()
        for case in cases:
            case.write(
                {
                    "state": case.state_before_hold or "acknowledged",
                    "state_before_hold": False,
                    "hold_reason": False,
                }
            )
        return True

    def action_submit_decision(self):
        cases = self._qc_step("submit_decision")
        for case in cases:
            if case.category_id.is_result_dispute and (
                not case.investigation_ids or "in_progress" in case.investigation_ids.mapped("state")
            ):
                raise UserError(
                    self.env._("%s disputes a result: complete its investigation before deciding.", case.name)
                )
            if case.validity == "pending":
                raise UserError(
                    self.env._("Decide whether %s is valid before submitting the decision.", case.name)
                )
            if case.validity == "invalid" and not case.invalid_reason:
                raise UserError(self.env._("Say why %s is invalid.", case.name))
            if not (case.resolution or "").strip():
                raise UserError(self.env._("Write the decision and handling plan of %s first.", case.name))
            if case.state == "acknowledged" and not (case.no_investigation_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%s was not investigated: record why (ISO 13485 8.2.2) or start the investigation.",
                        case.name,
                    )
                )
        now = fields.Datetime.now()
        for case in cases:
            case.write(
                {
                    "state": "decision",
                    "decider_id": self.env.uid,
                    "decision_date": now,
                    "no_investigation_by_id": self.env.uid if case.state == "acknowledged" else False,
                    "decision_involved_user_ids": [fields.Command.set(case.involved_user_ids.ids)],
                    **case._qc_approval_start_values(),
                }
            )
        return True

    def action_approve(self):
        cases = self._qc_step("approve")
        for groups in {case._qc_step_groups("approve") for case in cases} - {CASE_STEPS["approve"].groups}:
            self._qc_require_group(
                groups, self.env._("approve a major or critical case, compensation or an authority referral")
            )
        if not self.env.su:
            self._qc_require_not_decider(cases)
        now = fields.Datetime.now()
        for case in cases:
            case.write(
                {
                    "state": "approved",
                    "approver_id": self.env.uid,
                    "approved_date": now,
                    "approval_involved_user_ids": [fields.Command.set(case.involved_user_ids.ids)],
                }
            )
        return True

    def action_reopen_decision(self, reason=None):
        """Send a submitted or approved decision back to be decided again; the reason is noted."""
        cases = self._qc_step("reopen_decision")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the decision is reopened."))
        for case in cases:
            case.write(
                {
                    "state": "investigation" if case.investigation_ids else "acknowledged",
                    "decider_id": False,
                    "decision_date": False,
                    "no_investigation_by_id": False,
                    "approver_id": False,
                    "approved_date": False,
                    "decision_involved_user_ids": [fields.Command.clear()],
                    "approval_involved_user_ids": [fields.Command.clear()],
                    **dict.fromkeys(APPROVAL_START_FIELDS | APPROVAL_STAGE_FIELDS, False),
                }
            )
        self._qc_post_note(_lt("Decision reopened: %s", reason))
        return True

    def action_send_reply(self, reply_date=None):
        """Record the reply as sent on `reply_date` (default today) and mail it when sent by e-mail."""
        cases = self._qc_step("send_reply")
        missing = cases.filtered(lambda case: not case.reply_method)
        if missing:
            raise UserError(self.env._("Choose how the reply to %s is sent.", missing[0].name))
        for case in cases:
            sent_on = case._qc_step_date(reply_date, case.approved_date, self.env._("The reply"), fields.Date)
            case.write({"state": "replied", "reply_date": sent_on, "acceptance": "pending"})
        self.filtered(lambda case: case.reply_method == "email")._qc_send_to_complainant(
            "quality_complaint.mail_template_reply"
        )
        labels = dict(self._fields["reply_method"]._description_selection(self.env))
        for case in self.filtered(lambda case: case.reply_method != "email"):
            case._qc_post_note(_lt("Reply letter sent by %s.", labels[case.reply_method]))
        return True

    def action_withdraw_reply(self, reason=None):
        """Withdraw the reply letter sent, before the complainant answered it; the reason is noted."""
        cases = self._qc_step("withdraw_reply")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the reply letter is withdrawn."))
        answered = cases.filtered(lambda case: case.acceptance != "pending")
        if answered:
            raise UserError(
                self.env._(
                    "The complainant answered the reply to %s: the letter stays; record a correction instead.",
                    answered[0].name,
                )
            )
        cases.write({"state": "approved", "reply_date": False, "acceptance": False})
        self._qc_post_note(_lt("Reply letter withdrawn: %s", reason))
        return True

    def action_accept_outcome(self, note=None):
        """The complainant, in touch with staff, accepts the outcome."""
        return self._qc_answer_outcome("accept_outcome", "accepted", "staff", note)

    def action_reject_outcome(self, note=None):
        """The complainant does not accept: open the linked follow-up case."""
        return self._qc_answer_outcome("reject_outcome", "rejected", "staff", note)

    def action_close(self, close_date=None):
        """Close the case as of `close_date` (default now) and send the end notice."""
        cases = self._qc_step("close")
        for case in cases:
            if case.acceptance == "pending":
                raise UserError(
                    self.env._("Record whether the complainant accepts the outcome of %s first.", case.name)
                )
            if case.channel == "authority" and not case.authority_letter_date:
                raise UserError(
                    self.env._("Record the letter sent to the authority about %s first.", case.name)
                )
            if case.validity == "valid" and not case.capa_ids and not (case.no_capa_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%s is valid: open a corrective action or record why none is needed first.", case.name
                    )
                )
        for case in cases:
            closed_on = case._qc_step_date(
                close_date, case.reply_date, self.env._("The closure"), fields.Datetime
            )
            case.write(
                {
                    "state": "closed",
                    "close_date": closed_on,
                    "end_notice_date": fields.Date.context_today(self),
                }
            )
        self._qc_send_to_complainant("quality_complaint.mail_template_end_notice")
        return True

    def action_cancel(self):
        cases = self._qc_step("cancel")
        missing = cases.filtered(lambda case: not (case.cancel_reason or "").strip())
        if missing:
            raise UserError(self.env._("Record why %s is cancelled (duplicate, spam ...).", missing[0].name))
        self.hold_ids._qc_stop()
        cases.write({"state": "cancelled", "close_date": fields.Datetime.now()})
        return True

    def action_confirm_sender(self):
        """Customer service checked who wrote a mail the lab's server could not
        authenticate: the case is filed under the customer chosen on it, or
        else the one of the sender's address, and shows on their portal."""
        self._qc_require_group(
            "quality_complaint.group_customer_service", self.env._("confirm the sender of a case")
        )
        self._qc_require_state(OPEN_STATES, self.env._("confirm the sender of"))
        for case in self.filtered("sender_unverified"):
            partner = case.partner_id or (
                self._mail_find_partner_from_emails([case.complainant_email], force_create=False)[0]
                if case.complainant_email
                else False
            )
            case.write(
                {
                    "sender_unverified": False,
                    "partner_id": partner.id if partner else False,
                    "complainant_organisation": case.complainant_organisation
                    or (partner.commercial_partner_id.name if partner else False),
                }
            )
            case._qc_post_note(
                _lt("Sender confirmed by %(user)s.", user=self.env.user.name)
                if not partner
                else _lt(
                    "Sender confirmed by %(user)s: the case is filed under %(customer)s.",
                    user=self.env.user.name,
                    customer=partner.display_name,
                )
            )
        return True

    def action_send_late_notice(self):
        """Tell the complainant beforehand that the reply will be late, and why."""
        cases = self._qc_step("send_late_notice")
        missing = cases.filtered(lambda case: not (case.late_notice_reason or "").strip())
        if missing:
            raise UserError(self.env._("Say why the reply to %s will be late.", missing[0].name))
        cases.write({"late_notice_date": fields.Date.context_today(self)})
        self._qc_send_to_complainant("quality_complaint.mail_template_late_notice")
        return True

    def action_mark_archived(self):
        """The records administrator marks the paper file as archived."""
        # Records administrators read cases and write only this mark.
        self._qc_step("mark_archived").sudo().write(
            {
                "records_archived": True,
                "records_archived_date": fields.Date.context_today(self),
                "records_archived_by_id": self.env.uid,
            }
        )
        return True

    def action_correct_fact(self, field_name=None, value=None, reason=None):
        """Correct a fact recorded at registration (a wrong report number, a
        mistyped date): the old value stays in the trail with the reason."""
        self.ensure_one()
        cases = self._qc_step("correct_fact")
        if field_name not in RECORDED_FACTS:
            raise UserError(
                self.env._(
                    "Only these recorded facts are corrected: %s.",
                    ", ".join(
                        sorted(self._fields[name]._description_string(self.env) for name in RECORDED_FACTS)
                    ),
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Say why %s is corrected.", self._fields[field_name]._description_string(self.env))
            )
        field = self._fields[field_name]
        label = field._description_string(self.env)
        if field.required and not value:
            raise UserError(self.env._("%s cannot be emptied: give the right value.", label))
        if field.type in ("date", "datetime") and value:
            now = fields.Datetime.now() if field.type == "datetime" else fields.Date.context_today(self)
            if field.convert_to_cache(value, self) > now:
                raise UserError(self.env._("%s cannot be in the future.", label))
        old = self._qc_display_value(field_name)
        cases.write({field_name: value})
        new = self._qc_display_value(field_name)
        self._qc_post_note(
            _lt(
                "Corrected %(field)s: %(old)s → %(new)s. Reason: %(reason)s",
                field=label,
                old=old,
                new=new,
                reason=reason,
            )
        )
        return True

    def action_remove_involved(self, user_id=None, reason=None):
        """A quality manager who is not involved takes a person off the involved list, with a reason."""
        self.ensure_one()
        cases = self._qc_step("remove_involved")
        user = self.env["res.users"].browse(user_id).exists()
        if not user or user not in self.involved_user_ids:
            raise UserError(self.env._("Choose a person involved in %s.", self.name))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why %s is no longer involved.", user.name))
        cases.write({"involved_user_ids": [fields.Command.unlink(user.id)]})
        self._qc_post_note(
            _lt("%(person)s is no longer involved. Reason: %(reason)s", person=user.name, reason=reason)
        )
        return True

    def action_lower_protection(self, field_name=None, reason=None):
        """A quality manager who is not involved lowers a protection flag, with a reason."""
        self.ensure_one()
        cases = self._qc_step("lower_protection")
        if field_name not in PROTECTION_FLAGS or not self[field_name]:
            raise UserError(self.env._("%s has no such protection to lower.", self.name))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the complainant's identity is no longer protected."))
        cases.write({field_name: False})
        self._qc_post_note(
            _lt(
                "%(flag)s lowered. Reason: %(reason)s",
                flag=self._fields[field_name]._description_string(self.env),
                reason=reason,
            )
        )
        return True

    # === BUSINESS METHODS === #

    @api.model
    def _qc_param(self, key, company=None):
        """The complaint setting `key` of `company` (default: the env's), as the
        lab set it, else its default from PARAM_DEFAULTS. The few kept
        database-wide (DATABASE_PARAMS) are system parameters `quality_complaint.<key>`."""
        if key in DATABASE_PARAMS:
            return (
                self.env["ir.config_parameter"]
                .sudo()
                .get_param(f"quality_complaint.{key}", PARAM_DEFAULTS[key])
            )
        return self.env["quality.complaint.settings"]._qc_values(company or self.env.company)[key]

    def _qc_step_ready(self, step_name):
        self.ensure_one()
        if step_name == "start_investigation":
            # Decided without investigation: the reason is recorded (never for a result dispute).
            return not (self.no_investigation_reason or "").strip() or self.category_id.is_result_dispute
        if step_name == "accept_outcome":
            return self.acceptance == "pending"
        if step_name == "close":
            return self.acceptance != "pending"
        return super()._qc_step_ready(step_name)

    def _qc_step_groups(self, step_name):
        if step_name == "approve" and self.requires_top_approval:
            return TOP_MANAGEMENT
        return super()._qc_step_groups(step_name)

    def _qc_require_not_decider(self, cases):
        """Refuse an approval of `cases` by the user who decided one of them,
        unless the company lets deciders approve."""
        own = cases.filtered(
            lambda case: (
                case.decider_id == self.env.user
                and not case._qc_param("decider_may_approve", case.company_id)
            )
        )
        if own:
            raise UserError(
                self.env._(
                    "You decided %s: another person approves the decision (four-eyes principle).",
                    own[0].name,
                )
            )

    def _qc_may_take_step(self, user, step_name):
        """Whether `user` holds a role of `step_name` on this case and is not barred from it."""
        self.ensure_one()
        step = self._qc_steps[step_name]
        if not user or not user.active or user.share or self.company_id not in user.company_ids:
            return False
        if step.impartial and user in self.involved_user_ids:
            return False
        if (
            step_name == "approve"
            and user == self.decider_id
            and not self._qc_param("decider_may_approve", self.company_id)
        ):
            return False
        return any(user.has_group(xmlid) for xmlid in self._qc_step_groups(step_name))

    def _qc_next_actor(self, step_name):
        """Who takes `step_name` next: the first of the case's own people who may
        (handler, first contact, investigators, the department's leader), else
        the only member of its roles who may; nobody when several could."""
        self.ensure_one()
        people = (
            self.user_id | self.first_contact_user_id | self.investigator_ids | self.department_id.leader_id
        )
        own = next((user for user in people if self._qc_may_take_step(user, step_name)), None)
        if own:
            return own
        members = (
            self._qc_step_group_records(step_name)
            ._qc_active_users()
            .filtered(lambda user: self._qc_may_take_step(user, step_name))
        )
        return members if len(members) == 1 else self.env["res.users"]

    def _qc_next_step_text(self, step_name, days_text):
        """One line: who acts next (role and person), the step, and its deadline."""
        self.ensure_one()
        env = self.env
        role = ", ".join(self._qc_step_group_records(step_name).mapped("name"))
        actor = self._qc_next_actor(step_name)
        who = env._("%(role)s (%(person)s)", role=role, person=actor.name) if actor else role
        if self.state == "on_hold":
            when = env._(", its clock paused meanwhile")
        elif self.current_deadline:
            deadline = format_datetime(
                env, self.current_deadline, tz=env.user.tz or self._qc_calendar().tz, dt_format="short"
            )
            when = env._(", by %(deadline)s (%(days)s)", deadline=deadline, days=days_text)
        else:
            when = ""
        return env._(
            "Next: %(who)s to %(step)s%(when)s.",
            who=who,
            step=env._(self._qc_steps[step_name].label),
            when=when,
        )

    @api.model
    def _qc_default_lang(self, vals, partner_id, company):
        """The language of a new case registered without one: a follow-up keeps its
        first case's, else the complainant contact's, else the lab's."""
        parent = self.browse(vals.get("parent_id")).sudo()
        partner = self.env["res.partner"].browse(partner_id).sudo()
        return parent.lang or partner.lang or company._qc_lang()

    def _qc_calendar(self):
        self.ensure_one()
        return self.company_id._qc_deadline_calendar()

    @api.model
    def _qc_working_days_changed(self, companies):
        """A public holiday or make-up working day of `companies` changed: the
        deadlines of their open cases are computed again, in one pass at the
        next flush, however many changes are made until then."""
        cases = self.sudo().search([("company_id", "in", companies.ids), ("state", "in", OPEN_STATES)])
        if not cases:
            return
        holds = cases.hold_ids.filtered("stop")
        self.env.add_to_compute(holds._fields["paused_days"], holds)
        for field_name in DEADLINE_FIELDS:
            self.env.add_to_compute(self._fields[field_name], cases)

    @api.model
    def _qc_working_dates_for(self, days):
        """{calendar: working dates} covering, for each case of `days` ({case:
        working days}), that many working days (and its pauses) after its
        acknowledgement: one lookup per calendar."""
        spans = {}
        for case, term in days.items():
            calendar = case._qc_calendar()
            days_after = term + case.paused_days
            start = calendar._qc_local_date(case.ack_date)
            low, high = spans.get(calendar, (start, start))
            spans[calendar] = (min(low, start), max(high, start + timedelta(days=days_after * 3 + 30)))
        return {calendar: calendar._qc_working_dates(low, high) for calendar, (low, high) in spans.items()}

    def _qc_impartial_cases(self):
        return self

    def _qc_paused_time(self):
        """The time this case spent in its ended pauses: what hour-based terms move by."""
        self.ensure_one()
        return sum((hold.stop - hold.start for hold in self.hold_ids if hold.stop), timedelta())

    def _qc_earlier_people(self):
        """Who decided, approved or was involved in this case: never the
        reviewers of a case that continues it."""
        earlier = self.sudo()
        return earlier.decider_id | earlier.approver_id | earlier.involved_user_ids

    @staticmethod
    def _qc_linked_ids(current_ids, commands):
        """The ids a many2many holds after `commands` are applied to `current_ids`."""
        ids = set(current_ids)
        for command in commands or ():
            if isinstance(command, int):
                ids.add(command)
                continue
            code = command[0]
            if code in (fields.Command.UNLINK, fields.Command.DELETE):
                ids.discard(command[1])
            elif code == fields.Command.LINK:
                ids.add(command[1])
            elif code == fields.Command.CLEAR:
                ids.clear()
            elif code == fields.Command.SET:
                ids = set(command[2])
        return ids

    def _qc_check_involved_only_grow(self, vals):
        if "involved_user_ids" not in vals:
            return
        for case in self.filtered(lambda case: case.state != "new"):
            kept = self._qc_linked_ids(case.involved_user_ids.ids, vals["involved_user_ids"])
            if set(case.involved_user_ids.ids) - kept:
                raise StepRequired(
                    self.env._(
                        "%s is acknowledged: people involved are only added. A quality manager who is "
                        "not involved removes one, with a reason.",
                        case.name,
                    )
                )

    def _qc_check_protection_kept(self, vals):
        lowered = [name for name in PROTECTION_FLAGS if name in vals and not vals[name]]
        for name in lowered:
            protected = self.filtered(name)
            if protected:
                raise StepRequired(
                    self.env._(
                        "%(flag)s of %(ref)s is lowered only by a quality manager who is not involved, "
                        "with a reason.",
                        flag=self._fields[name]._description_string(self.env),
                        ref=protected[0].name,
                    )
                )

    def _qc_step_date(self, value, not_before, label, field_type):
        """The date a person gives a step (`field_type` Date or Datetime): now
        by default, never in the future nor before the step before."""
        if field_type is fields.Date:
            now, value = fields.Date.context_today(self), fields.Date.to_date(value)
        else:
            now, value = fields.Datetime.now(), fields.Datetime.to_datetime(value)
        value = value or now
        day = value.date() if isinstance(value, datetime) else value
        earliest = not_before.date() if isinstance(not_before, datetime) else not_before
        if value > now:
            raise UserError(
                self.env._("%(what)s of %(ref)s cannot be dated in the future.", what=label, ref=self.name)
            )
        if earliest and day < earliest:
            raise UserError(
                self.env._(
                    "%(what)s of %(ref)s cannot be dated before the step before it.",
                    what=label,
                    ref=self.name,
                )
            )
        return value

    def _qc_answer_outcome(self, step_name, answer, source, note):
        """Record the complainant's answer through `step_name`, told by `source`
        (staff, the tracking page, the follow-up survey). Not accepted: the
        follow-up case opens, and its form is returned."""
        if answer == "rejected":
            self.ensure_one()
        self._qc_step(step_name)._qc_record_answer(answer, note, source)
        if answer == "rejected":
            return self._qc_open_follow_up()._qc_form_action()
        days = int(self._qc_param("followup_days"))
        for case in self:
            case.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self) + timedelta(days=days),
                summary=self.env._("Follow up with the complainant"),
                user_id=(case.first_contact_user_id or case.user_id or self.env.user).id,
            )
        return True

    def _qc_display_value(self, field_name):
        """What a person reads for `field_name` of the case: labels, names, dates."""
        self.ensure_one()
        field, value = self._fields[field_name], self[field_name]
        if not value:
            return "-"
        if field.type == "selection":
            return dict(field._description_selection(self.env))[value]
        return field.convert_to_display_name(value, self)

    def _qc_record_answer(self, answer, note, source):
        """Record the complainant's answer to the reply, once; `self` is on a step's trusted path."""
        answered = self.filtered(lambda case: case.acceptance != "pending")
        if answered:
            raise UserError(
                self.env._("The complainant's answer to %s is already recorded.", answered[0].name)
            )
        values = {
            "acceptance": answer,
            "acceptance_date": fields.Date.context_today(self),
            "acceptance_source": source,
        }
        note = (note or "").strip()
        if note:
            values["acceptance_note"] = note
        self.write(values)

    def _qc_open_follow_up(self):
        """The case that continues this one when its outcome is not accepted."""
        self.ensure_one()
        identity = self.identity_id.sudo()
        follow_up = self.create(
            {
                "parent_id": self.id,
                "kind": "appeal",
                "channel": self.channel,
                "company_id": self.company_id.id,
                "summary": self.env._("Not accepted: %s", self.summary or self.name),
                "description": self.acceptance_note
                or self.env._("The complainant does not accept the outcome of %s.", self.name),
                "report_ref": self.report_ref,
                "report_received_date": self.report_received_date,
                "report_collection_end_date": self.report_collection_end_date,
                "product_id": self.product_id.id,
                "category_id": self.category_id.id,
                "department_id": self.department_id.id,
                "severity": self.severity,
                "is_anonymous": self.is_anonymous,
                "confidential": self.confidential,
                "is_real_name": self.is_real_name,
                "first_contact_user_id": self.first_contact_user_id.id,
                "involved_user_ids": [fields.Command.set(self.involved_user_ids.ids)],
                **{
                    field_name: identity[identity_field].id
                    if field_name == "partner_id"
                    else identity[identity_field]
                    for field_name, identity_field in IDENTITY_FIELDS.items()
                },
            }
        )
        self._qc_post_note(
            _lt(
                "The complainant did not accept the outcome; follow-up case %s",
                Markup("<a href='#' data-oe-model='quality.complaint' data-oe-id='%s'>%s</a>")
                % (follow_up.id, follow_up.name),
            )
        )
        return follow_up

    def _qc_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.complaint",
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _qc_deadline_texts(self, field_name):
        """{case: "Overdue by 2 working days" | "3 working days left" | ...} for the
        deadline `field_name` of the cases that have one, in the env's language.

        Counted in working days on the calendar the deadline was computed on,
        between today and the deadline's day (today not counted): a deadline
        on a day the lab does not work is due on the working day before it.
        One lookup of working dates per calendar, whatever the number of cases.
        """
        now = fields.Datetime.now()
        cases = self.filtered(field_name)
        # Only the columns the text needs: a board of cards would otherwise
        # load every column of its cases and of their companies. The cases
        # were read already: checking their record rules again in Python
        # would load every column too.
        cases.sudo().fetch(["company_id"])
        cases.company_id.sudo().fetch(["resource_calendar_id"])
        cases.company_id.resource_calendar_id.sudo().fetch(["tz", "company_id"])
        days = {}
        for case in cases:
            calendar = case._qc_calendar()
            days[case] = (calendar, calendar._qc_local_date(case[field_name]), calendar._qc_local_date(now))
        spans = {}
        for calendar, deadline, today in days.values():
            low, high = spans.get(calendar, (today, today))
            spans[calendar] = (min(low, deadline), max(high, deadline))
        working_dates = {calendar: calendar._qc_working_dates(*span) for calendar, span in spans.items()}
        texts = {}
        for case, (calendar, deadline, today) in days.items():
            overdue = case[field_name] < now
            first, last = (deadline, today) if overdue else (today, deadline)
            count = sum(1 for day in working_dates[calendar] if first < day <= last)
            texts[case] = self._qc_working_days_text(overdue, count)
        return texts

    def _qc_deadline_text(self, field_name):
        """_qc_deadline_texts for one case: empty when it has no such deadline."""
        self.ensure_one()
        return self._qc_deadline_texts(field_name).get(self, "")

    @api.model
    def _qc_working_days_text(self, overdue, days):
        if overdue:
            if not days:
                return self.env._("Overdue today")
            if days == 1:
                return self.env._("Overdue by 1 working day")
            return self.env._("Overdue by %s working days", days)
        if not days:
            return self.env._("Due today")
        if days == 1:
            return self.env._("1 working day left")
        return self.env._("%s working days left", days)

    def _qc_require_not_involved(self, action_label):
        if self.env.su:
            return
        involved = self.filtered(lambda case: self.env.user in case.involved_user_ids)
        if involved:
            raise UserError(
                self.env._(
                    "You are involved in %(ref)s and may not %(action)s it (impartiality).",
                    ref=involved[0].name,
                    action=action_label,
                )
            )

    def _qc_post_note(self, *paragraphs):
        """Log a note in the lab's language: the whole lab reads the chatter,
        whoever (a customer on the tracking page, a job, a colleague) caused it.

        Give the texts as lazy translations (_lt) so that they are translated
        then; several paragraphs are posted as one note.
        """
        # Logged, not posted: a note tells nobody (the mail framework would
        # still look for recipients), and the cases of one language share it.
        for lang, cases in self.grouped(lambda case: case.company_id._qc_lang()).items():
            env = cases.with_context(lang=lang).env
            texts = [env._(text) if isinstance(text, LazyGettext) else text for text in paragraphs]
            body = (
                texts[0] if len(texts) == 1 else Markup().join(Markup("<p>%s</p>") % text for text in texts)
            )
            notes = cases._message_log_batch({case.id: body for case in cases}, message_type="comment")
            cases._qc_seal_complainant_headers(notes)

    def _qc_send_to_complainant(self, template_xmlid):
        """Mail a template to the complainant and note it on the case.

        On a protected identity the mail is sent apart from the chatter, so
        neither recipients nor the address show on the case. Either way the
        salutation and the tracking link are only in the complainant's copy.
        """
        template = self.env.ref(template_xmlid)
        for case in self:
            template_name = template.with_context(lang=case.company_id._qc_lang()).name
            if case.is_anonymous or not any(case._qc_complainant_contacts()):
                case._qc_post_note(
                    _lt("%s was not mailed: the complainant left no e-mail address.", template_name)
                )
                continue
            if case.identity_restricted:
                case._qc_mail_apart(template)
                case._qc_post_note(_lt("%s sent to the complainant (protected identity).", template_name))
            else:
                case.message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    email_layout_xmlid="quality_complaint.mail_layout_complainant",
                )

    def _qc_least_busy_members(self):
        """{case: user} for the cases whose category gives them to the least
        busy member of its routed role: the active member with the fewest open
        cases, not on time off now and not involved in the case (ties: the
        first by name). Cases of one batch are spread as they are given."""
        balanced = self.filtered(
            lambda case: (
                case.category_id.routing_balanced
                and case.category_id.routing_group_id
                and not case.category_id.routing_user_id
            )
        )
        if not balanced:
            return {}
        members_of = {group: group._qc_active_users() for group in balanced.category_id.routing_group_id}
        everyone = self.env["res.users"].union(*members_of.values())
        open_cases = dict(
            self.env["quality.complaint"]
            .sudo()
            ._read_group(
                [("user_id", "in", everyone.ids), ("state", "in", OPEN_STATES)], ["user_id"], ["__count"]
            )
        )
        now = fields.Datetime.now()
        away = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id.user_id", "in", everyone.ids),
                    ("date_from", "<=", now),
                    ("date_to", ">=", now),
                ]
            )
            .resource_id.user_id
        )
        load = {user: open_cases.get(user, 0) for user in everyone}
        given = {}
        for case in balanced:
            free = members_of[case.category_id.routing_group_id] - away - case.involved_user_ids
            if free:
                handler = min(free.sorted("name"), key=lambda user: load[user])
                load[handler] += 1
                given[case] = handler
        return given

    def _qc_notify_routing(self):
        """Tell the routing target that a case arrived (T2, R7).

        A routed person gets a to-do; the members of a routed role are told
        by the intake job (`_qc_send_routing_notices`) within a minute or two.
        Authority referrals are reported to top management at once with a
        to-do. Each reads it in their own language.
        """
        activities = []
        new_cases = self.filtered(lambda case: case.state == "new")
        # Looked up only when a case is referred by an authority: most cases never need it.
        top_management = (
            self.env.ref("quality_complaint.group_top_management")._qc_active_users()
            if any(case._qc_reported_to_top() for case in new_cases)
            else self.env["res.users"]
        )
        to_the_role = self.browse()
        for case in new_cases:
            balanced = case.category_id.routing_balanced and case.user_id
            assignees = case.category_id.routing_user_id or (
                case.user_id if balanced else self.env["res.users"]
            )
            if case._qc_reported_to_top():
                assignees |= top_management
            for user in assignees.filtered(lambda u: not u.share) - case.involved_user_ids:
                activities.append(
                    {
                        "res_id": case.id,
                        "user_id": user.id,
                        "summary": self.with_context(lang=user.lang).env._(
                            "New case %s to review", case.name
                        ),
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
            if case.category_id.routing_group_id and not case.category_id.routing_user_id and not balanced:
                to_the_role |= case
        to_the_role._qc_leave_to_intake("routing_notice_pending")
        if activities:
            todo = self.env.ref("mail.mail_activity_data_todo").id
            schedule_todos(
                self.env, self._name, [dict(activity, activity_type_id=todo) for activity in activities]
            )

    @api.model
    def _qc_wake_intake(self):
        """Have the intake job run at the start of the next minute (Odoo's
        triggers have a minute's precision). Not at once: waking the scheduler
        costs each registration a connection of its own to PostgreSQL, and a
        burst of submissions is finished in one run, off the requests, rather
        than in runs that compete with them. Nothing the job does is awaited
        by the complainant: the tracking page is shown at once, and mail
        leaves with Odoo's mail queue."""
        next_minute = fields.Datetime.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
        # From the cached XML id: env.ref would check in the database, on every registration, that the job exists.
        job_id = self.env["ir.model.data"]._xmlid_to_res_id("quality_complaint.ir_cron_finish_intake")
        self.env["ir.cron"].sudo().browse(job_id)._trigger(next_minute)

    def _qc_leave_to_intake(self, pending_field):
        """Leave `pending_field` to the intake job, which `create` sets due: the
        request that registers the case does not wait for the work."""
        if self:
            self.sudo()._qc_step("register").write({pending_field: True})

    def _qc_send_routing_notices(self):
        """Tell the members of each case's routed role, without making them
        followers and leaving out the people involved: one notice per member's
        language and set of cases, on the case itself when it is the only one,
        else one list of the new cases (a burst of public submissions is one
        mail, not one per case)."""
        nobody = self.env["res.users"]
        # The category may have lost its role since the case was registered: nobody to tell.
        members_of = {group: group._qc_active_users() for group in self.category_id.routing_group_id}
        for company_cases in self.grouped("company_id").values():
            case_ids_of_reader = defaultdict(list)
            for case in company_cases:
                for user in (
                    members_of.get(case.category_id.routing_group_id, nobody) - case.involved_user_ids
                ):
                    case_ids_of_reader[user].append(case.id)
            readers_of_notice = defaultdict(lambda: nobody)
            for user, case_ids in case_ids_of_reader.items():
                readers_of_notice[user.lang, tuple(case_ids)] |= user
            for (lang, case_ids), readers in readers_of_notice.items():
                self.sudo().with_context(lang=lang).browse(case_ids)._qc_send_routing_notice(readers)

    def _qc_send_routing_notice(self, readers):
        """One notice to `readers` of the new cases `self` (one company), in the env's language."""
        if len(self) == 1:
            # A visitor of the public form has no address to send from: the lab notifies.
            author = (
                self.company_id.partner_id if self.create_uid._is_public() else self.create_uid.partner_id
            )
            self.message_notify(
                author_id=author.id,
                partner_ids=readers.partner_id.ids,
                subject=self.env._("New case %s to review", self.name),
                body=self.env._(
                    "A new %(category)s case was registered: %(summary)s",
                    category=self.category_id.name,
                    summary=self.summary or self.name,
                ),
                model_description=self.env._("Case"),
            )
            return
        base_url = self.browse().get_base_url()
        notify_list(
            self.env,
            readers.partner_id,
            self.env._("%s new cases to review", len(self)),
            "quality_complaint.intake_digest_body",
            {
                "rows": [
                    {
                        "case": case.name,
                        "url": f"{base_url}/odoo/quality.complaint/{case.id}",
                        "category": case.category_id.name or "",
                        "summary": case.summary or "",
                    }
                    for case in self
                ]
            },
            author=self.company_id.partner_id,
        )

    def _qc_reported_to_top(self):
        """Whether top management hears of the case as soon as it arrives."""
        return self.channel == "authority"

    def _qc_request_internal_audit(self):
        """V6: a valid case about the management system or staff duties calls for an
        additional internal audit and becomes a management review input."""
        cases = self.filtered(
            lambda case: (
                case.validity == "valid"
                and (case.touches_management_system or case.touches_staff_duties)
                and not case.audit_requested_date
            )
        )
        if not cases:
            return
        cases.sudo()._qc_step("request_audit").write(
            {"audit_requested_date": fields.Date.context_today(self), "management_review_input": True}
        )
        auditors = (
            self.env.ref("quality_complaint.group_internal_auditor")._qc_active_users()
            or self.env.ref("quality_complaint.group_quality_manager")._qc_active_users()
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        values = [
            {
                "res_id": case.id,
                "activity_type_id": activity_type.id,
                "user_id": auditor.id,
                "date_deadline": fields.Date.context_today(self),
                "summary": self.with_context(lang=auditor.lang).env._(
                    "Internal audit requested by %s", case.name
                ),
                "note": self.with_context(lang=auditor.lang).env._(
                    "The case concerns the management system or staff duties: plan an additional "
                    "internal audit of the area concerned."
                ),
            }
            for case in cases
            for auditor in auditors - case.involved_user_ids
        ]
        schedule_todos(self.env, self._name, values)
        cases._qc_post_note(
            _lt("Additional internal audit requested; the case is flagged as a management review input.")
        )

    def _qc_objection_start(self):
        """(where, day): where the objection window of this case starts by its
        deadline policy, the customer's receipt of the report or the end of
        the report collection period, and that day."""
        self.ensure_one()
        start = self.env["quality.complaint.deadline.policy"]._terms_for(self)[self]["objection_start"]
        if start == "collection_end":
            return start, self.report_collection_end_date
        return "report_received", self.report_received_date

    def _qc_is_out_of_time(self, window):
        self.ensure_one()
        start = self._qc_objection_start()[1]
        return (
            self.kind == "appeal"
            and bool(start)
            and not self.out_of_time_override_reason
            and (self.received_date.date() - start).days > window
        )

    # Overdue job (M2): what _cron_process_overdue selects, and one batch of it
    @api.model
    def _overdue_domain(self, now):
        return Domain.OR(
            [
                [("state", "in", list(STATE_DEADLINE)), ("current_deadline", "<", now)],
                [
                    ("state", "in", HANDOVER_STATES),
                    ("handover_date", "=", False),
                    ("handover_deadline", "<", now),
                ],
            ]
        )

    def _qc_overdue_deadlines(self, now):
        """[(case, deadline type, deadline)] of the deadlines of `self` passed at `now`."""
        overdue = []
        for case in self:
            if case.state in STATE_DEADLINE and case.current_deadline and case.current_deadline < now:
                overdue.append((case, STATE_DEADLINE[case.state], case.current_deadline))
            if (
                case.state in HANDOVER_STATES
                and not case.handover_date
                and case.handover_deadline
                and case.handover_deadline < now
            ):
                overdue.append((case, "handover_deadline", case.handover_deadline))
        return overdue

    def _process_overdue(self, now=None):
        """Flag the overdue cases of `self` and issue their urging notices; the
        people concerned hear of them from `quality.complaint.urging._notify_pending`
        once the run is over. The notices are listed on the case and in the
        register, so the chatter is left to people's own messages.

        Set-based: the number of queries does not depend on the number of cases.
        Returns the urging notices created.
        """
        now = now or fields.Datetime.now()
        Urging = self.env["quality.complaint.urging"].sudo()
        # Only the columns the job reads: a case row is wide (texts, deadlines, flags).
        self.fetch(
            [
                "state",
                "current_deadline",
                "handover_deadline",
                "handover_date",
                "is_overdue",
                "user_id",
                "company_id",
                "severity",
            ]
        )
        overdue = self._qc_overdue_deadlines(now)
        if not overdue:
            return Urging
        cases = self.browse(list(dict.fromkeys(case.id for case, _type, _deadline in overdue)))
        # The flag follows the next deadline (see _compute_current_deadline), not the hand-over.
        late = self.browse({case.id for case, kind, _deadline in overdue if kind != "handover_deadline"})
        # An untracked flag: tracking would read every tracked field of the batch for nothing.
        late.filtered(lambda case: not case.is_overdue).sudo().with_context(tracking_disable=True)._qc_step(
            "flag_overdue"
        ).write({"is_overdue": True})
        existing = Urging.search_fetch(
            [("complaint_id", "in", cases.ids)],
            ["complaint_id", "deadline_type", "deadline", "level", "create_date"],
        )
        issued = {(u.complaint_id.id, u.deadline_type, u.deadline, u.level): u for u in existing}
        notices_per_case = dict.fromkeys(cases.ids, 0)
        for urging in existing:
            notices_per_case[urging.complaint_id.id] += 1
        to_create = []
        for case, deadline_type, deadline in overdue:
            first = issued.get((case.id, deadline_type, deadline, 1))
            if not first:
                level = 1
            elif not issued.get(
                (case.id, deadline_type, deadline, 2)
            ) and now >= first.create_date + timedelta(
                days=case._qc_param("escalation_days", case.company_id)
            ):
                level = 2
            else:
                continue
            to_create.append(
                {
                    "complaint_id": case.id,
                    "company_id": case.company_id.id,
                    "deadline_type": deadline_type,
                    "deadline": deadline,
                    "level": level,
                    "user_id": case.user_id.id,
                    # Major cases at once; others once overdue a second time.
                    "escalated": level == 2
                    or case.severity in ("major", "critical")
                    or notices_per_case[case.id] > 0,
                }
            )
        return Urging.create(to_create)

    # === EVIDENCE PACK === #

    @api.model
    def evidence_pack_pdf(self, date_from, date_to):
        """The evidence pack of the period for the current company, indexed by
        clause, as a base64 PDF; the pack is kept as issued."""
        pack = self.env["quality.complaint.evidence.pack"]._qc_issue(date_from, date_to, self.env.company)
        return pack.sudo().attachment_id.datas.decode()

    def _qc_evidence_period(self):
        """The period a case's own pack covers: from its receipt to today."""
        self.ensure_one()
        return (
            fields.Datetime.context_timestamp(self, self.received_date).date(),
            fields.Date.context_today(self),
        )

    @api.model
    def _qc_evidence_sections(self, date_from, date_to, company, case=None):
        """The sections of the evidence pack of `company` from `date_from` to
        `date_to`, or of one `case`: one per clause, each answered by the
        records (a few queries per clause, whatever the number of cases)."""
        self.env["quality.complaint.evidence.pack"]._qc_check_access()
        return EvidencePack(self, date_from, date_to, company, case).sections()

    # === CRON METHODS === #

    # Overdue job (M2)
    @api.model
    def _cron_process_overdue(self, batch_size=OVERDUE_BATCH):
        """Scheduled action: urging notices for every overdue case, in committed
        batches, then the handlers' to-dos and the supervisors' notices for all
        of them at once.

        Each batch is idempotent (one notice per case, deadline and level), so
        a run cut short by the time limit is simply finished by the next one,
        which then tells the people concerned.
        """
        now = fields.Datetime.now()
        # Customer inquiries are chased by the same job, in one set-based pass.
        self.env["quality.complaint.inquiry"]._cron_process_overdue(now)
        overdue = self.search(self._overdue_domain(now), order="id")
        if in_committed_batches(overdue, batch_size, lambda batch: batch._process_overdue(now)):
            self.env["quality.complaint.urging"].sudo()._notify_pending()

    # Intake job (T2, I4)
    @api.model
    def _cron_finish_intake(self, batch_size=INTAKE_BATCH):
        """Scheduled action, due the minute after a registration: what new cases
        still have to do (`_qc_finish_intake`), in committed batches."""
        pending = self.search(self._qc_intake_pending_domain(), order="id")
        in_committed_batches(pending, batch_size, lambda batch: batch._qc_finish_intake())

    @api.model
    def _qc_intake_pending_domain(self):
        return Domain.OR(Domain(field_name, "=", True) for field_name in sorted(INTAKE_PENDING_FIELDS))

    @api.model
    def _qc_finish_pending_intake(self):
        """Finish every pending intake at once, without the job's commits
        (demo data, tests)."""
        self.search(self._qc_intake_pending_domain(), order="id")._qc_finish_intake()

    def _qc_finish_intake(self):
        """The duplicate check, the routed roles' notices and the public
        form's receipts of these new cases. Each case is claimed with a row
        lock that another run skips, and its flags are cleared with what was
        done, so that nothing is done twice, even by two servers at once."""
        if not self:
            return
        self.flush_recordset(INTAKE_PENDING_FIELDS)
        self.env.cr.execute(
            SQL(
                "SELECT id FROM quality_complaint WHERE id IN %s AND (%s) ORDER BY id FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
                SQL(" OR ").join(SQL.identifier(field_name) for field_name in sorted(INTAKE_PENDING_FIELDS)),
            )
        )
        claimed = self.browse([row[0] for row in self.env.cr.fetchall()])
        claimed.filtered("duplicate_check_pending")._qc_record_suspected_duplicates()
        claimed.filtered("routing_notice_pending")._qc_send_routing_notices()
        claimed.filtered("receipt_pending")._qc_send_receipt()
        claimed._qc_step("finish_intake").write(dict.fromkeys(INTAKE_PENDING_FIELDS, False))

    # Retention of personal data (PIPL)
    @api.model
    def _cron_anonymise_expired(self):
        """Erase the complainant's identity on cases whose retention period ended."""
        today = fields.Date.context_today(self)
        cases = self.sudo().search(
            [("retention_until", "<", today), ("personal_data_anonymised_date", "=", False)]
        )
        if not cases:
            return
        cases._qc_redact_complainant()
        rewriting_trail(cases.identity_id, VAULT_FIELDS).write(
            dict.fromkeys((*IDENTITY_FIELDS.values(), "sealed_headers"), False)
        )
        cases._qc_step("anonymise").write({"personal_data_anonymised_date": today})
        erased = _lt(
            "Retention period ended: the complainant's name and contact details were erased from the case, "
            "its messages and its follow-up surveys (see its redaction record)."
        )
        for company, company_cases in cases.grouped("company_id").items():
            note = Markup("<p>%s</p>") % self.with_context(lang=company._qc_lang()).env._(erased)
            company_cases._message_log_batch(bodies=dict.fromkeys(company_cases.ids, note))

    # Summary mails (M3)
    @api.model
    def _cron_send_summary(self, period):
        """M3: weekly / monthly summary with the statistics PDF to the quality manager and top management.

        The dashboard (a transient model) computes and mails the figures; the
        job belongs to the case, a model whose records stay.
        """
        Dashboard = self.env["quality.complaint.dashboard"]
        date_from, date_to = Dashboard._summary_period(period)
        recipients = (
            self.env.ref("quality_complaint.group_quality_manager")._qc_active_users().filtered("email")
        )
        mails = self.env["mail.mail"]
        for company in recipients.company_ids:
            # Written for the lab, in its language, whichever user runs the job.
            dashboard = Dashboard.with_context(lang=company._qc_lang()).create(
                {"date_from": date_from, "date_to": date_to, "company_id": company.id}
            )
            company_recipients = recipients.filtered(lambda user, c=company: c in user.company_ids)
            mails |= dashboard._send_summary(company_recipients, period)
        return mails
