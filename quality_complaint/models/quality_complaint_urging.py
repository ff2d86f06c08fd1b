from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from ..list_notice import notify_list
from ..todos import schedule_todos

# Lines listed in a supervisor's notice, read at a glance; the rest are behind
# the link to the register.
DIGEST_ROWS = 10
DEADLINE_TYPES = [
    ("ack_deadline", "Acknowledgement"),
    ("plan_deadline", "Handling plan"),
    ("reply_deadline", "Reply"),
    ("handover_deadline", "Handling form back to the office"),
]


class QualityComplaintUrging(models.Model):
    """An urging notice (催办单) issued when a case passes a deadline (M2).

    One per case, deadline and level: the overdue job may run any number of
    times and never issues the same notice twice.
    """

    _name = "quality.complaint.urging"
    _description = "Urging notice"
    _order = "create_date desc, id desc"

    # === FIELDS === #

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, readonly=True, ondelete="cascade", index=True
    )
    # The case's company, given when the notice is issued: a stored related
    # field would be computed again for every notice after creating them.
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    deadline_type = fields.Selection(DEADLINE_TYPES, required=True, readonly=True)
    deadline = fields.Datetime(required=True, readonly=True)
    level = fields.Integer(
        required=True,
        readonly=True,
        default=1,
        help="1: first notice; 2: still overdue after the grace period.",
    )
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    supervisor_ids = fields.Many2many("res.users", string="Supervisors", readonly=True)
    escalated = fields.Boolean(string="Escalated to top management", readonly=True)
    delay_reason = fields.Text(string="Reason for the delay")
    reason_user_id = fields.Many2one("res.users", string="Reason given by", readonly=True)
    reason_date = fields.Datetime(string="Reason given on", readonly=True)
    notified = fields.Boolean(
        string="People told",
        readonly=True,
        copy=False,
        help="The handler has the to-do for this notice; the supervisors, and top management when "
        "escalated, have received the notice listing it.",
    )

    _notify_pending_index = models.Index("(id) WHERE notified IS NOT TRUE")
    _notice_unique = models.UniqueIndex(
        "(complaint_id, deadline_type, deadline, level)",
        "This urging notice was already issued.",
    )

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An urging notice is part of the case record and is never deleted."))

    # === ACTION METHODS === #

    def action_record_reason(self, reason):
        """Record why the case is late (the urging notice asks for it)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Write the reason for the delay."))
        for urging in self:
            urging.complaint_id.check_access("write")
        self.sudo().write(
            {"delay_reason": reason, "reason_user_id": self.env.uid, "reason_date": fields.Datetime.now()}
        )
        for urging in self:
            urging.complaint_id.message_post(
                body=self.env._(
                    "Reason for the delay (urging notice of %(date)s): %(reason)s",
                    date=urging.create_date,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        # The to-dos asked for the reason: done once no notice of the case waits for one.
        answered = self.complaint_id.filtered(lambda case: all(case.urging_ids.mapped("delay_reason")))
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", "quality.complaint"),
                ("res_id", "in", answered.ids),
                ("activity_type_id", "=", self.env.ref("quality_complaint.mail_activity_type_urging").id),
            ]
        ).action_done()
        return True

    # === BUSINESS METHODS === #

    @api.model
    def _notify_pending(self):
        """Tell the people concerned about the notices issued since the last run (M2).

        The handler, who must give the reason, gets a to-do per notice (the
        supervisors do while the case has no handler). The supervisors, and top
        management for escalated cases, follow the delay rather than answer
        it: each gets one notice listing theirs. Done for all pending notices
        at once, so a run's batches only issue notices; a run cut short before
        this step is caught up by the next one, and nobody is told twice.
        """
        pending = self.search([("notified", "=", False)], order="deadline, id")
        if not pending:
            return pending
        # Only the columns read here: a case row is wide (texts, deadlines, flags).
        pending.complaint_id.fetch(["name", "company_id", "category_id", "severity", "involved_user_ids"])
        supervisors = self.env["quality.complaint.department"]._supervisors_of(pending.user_id)
        for readers, urgings in pending.grouped(
            lambda urging: supervisors[urging.user_id] - urging.complaint_id.involved_user_ids
        ).items():
            urgings.write({"supervisor_ids": [Command.set(readers.ids)], "notified": True})
        pending._schedule_reason_activities()
        top_management = self.env.ref("quality_complaint.group_top_management")._qc_active_users()
        urging_ids_per_user = defaultdict(list)
        for urging in pending:
            readers = urging.supervisor_ids if urging.user_id else self.env["res.users"]
            if urging.escalated:
                readers |= top_management - urging.complaint_id.involved_user_ids
            for user in readers:
                urging_ids_per_user[user].append(urging.id)
        for user, urging_ids in urging_ids_per_user.items():
            self.with_context(lang=user.lang).browse(urging_ids)._send_digest(user)
        return pending

    def _schedule_reason_activities(self):
        """One to-do per notice for whoever must give the reason for the delay."""
        activity_type = self.env.ref("quality_complaint.mail_activity_type_urging")
        today = fields.Date.context_today(self)
        values = [
            {
                "res_id": urging.complaint_id.id,
                "activity_type_id": activity_type.id,
                "user_id": user.id,
                "date_deadline": today,
                # A summary, in the assignee's language; no note: a note is HTML
                # sanitized once per activity.
                "summary": self.with_context(lang=user.lang).env._(
                    "Overdue (urging notice level %(level)s): %(case)s, record the reason for the delay",
                    level=urging.level,
                    case=urging.complaint_id.name,
                ),
            }
            for urging in self
            for user in urging.user_id or urging.supervisor_ids
        ]
        schedule_todos(self.env, "quality.complaint", values)

    def _send_digest(self, user):
        """One inbox notice or mail to `user` listing the first notices of `self`."""
        shown = self[:DIGEST_ROWS]
        notify_list(
            self.env,
            user.partner_id,
            self.env._("Overdue complaint cases: %s new urging notice(s)", len(self)),
            "quality_complaint.urging_digest_body",
            {
                "rows": shown._digest_rows(),
                "more": len(self) - len(shown),
                "list_url": f"{self.browse().get_base_url()}/odoo/action-quality_complaint.action_quality_complaint_urging",
            },
        )

    def _digest_rows(self):
        """The lines of a supervisor's notice, in the env's language."""
        deadline_types = dict(self._fields["deadline_type"]._description_selection(self.env))
        severities = dict(self.complaint_id._fields["severity"]._description_selection(self.env))
        base_url = self.browse().get_base_url()
        return [
            {
                "case": urging.complaint_id.name,
                "url": f"{base_url}/odoo/quality.complaint/{urging.complaint_id.id}",
                "category": urging.complaint_id.category_id.name or "",
                "severity": severities.get(urging.complaint_id.severity, ""),
                "deadline_type": deadline_types[urging.deadline_type],
                "deadline": format_datetime(
                    self.env, urging.deadline, tz=urging.complaint_id._qc_calendar().tz, dt_format="short"
                ),
                "handler": urging.user_id.name or self.env._("No handler yet"),
                "level": urging.level,
                "escalated": urging.escalated,
            }
            for urging in self
        ]
