from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import LazyTranslate

from ..todos import schedule_todos
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

# What a department member may write on the actions assigned to them.
ASSIGNEE_WRITABLE = {"done_date", "evidence", "evidence_attachment_ids"}
# CAPA states in which the planned actions are settled.
SETTLED_STATES = ("implemented", "verified", "closed")


class QualityCorrectiveActionLine(models.Model):
    """One action of a CAPA (D5/D6): who does what by when, and the evidence it was done."""

    _name = "quality.corrective.action.line"
    _description = "Corrective action item"
    _inherit = ["quality.workflow.mixin"]
    _order = "capa_id, sequence, id"
    _check_company_auto = True
    _qc_steps = {
        "remind": Step(
            sets=frozenset({"reminder_state", "is_overdue"}),
            label=_lt("remind the responsible person"),
        ),
    }
    _qc_step_owned = frozenset({"reminder_state", "is_overdue"})
    _qc_locks = (
        Lock(
            field="capa_state",
            states=SETTLED_STATES,
            message=_lt("“%s”: its corrective action is implemented, its actions are settled."),
        ),
    )

    # === FIELDS === #

    capa_id = fields.Many2one(
        "quality.corrective.action",
        string="Corrective action",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="capa_id.company_id", store=True, index=True)
    capa_state = fields.Selection(related="capa_id.state", string="CAPA state")
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Action", required=True)
    responsible_id = fields.Many2one("res.users", required=True, domain=[("share", "=", False)], index=True)
    department_id = fields.Many2one("quality.complaint.department", check_company=True)
    due_date = fields.Date(required=True)
    done_date = fields.Date()
    evidence = fields.Text(
        help="What shows the action was done: revised procedure number, training record ..."
    )
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "quality_corrective_action_line_attachment_rel",
        "line_id",
        "attachment_id",
        string="Evidence files",
    )
    is_overdue = fields.Boolean(string="Overdue", readonly=True, copy=False)
    reminder_state = fields.Selection(
        [("none", "Not reminded"), ("reminded", "Reminded"), ("overdue", "Overdue notice sent")],
        default="none",
        required=True,
        readonly=True,
        copy=False,
    )

    _due_idx = models.Index("(due_date, reminder_state) WHERE done_date IS NULL")

    # === CONSTRAINT METHODS === #

    @api.constrains("done_date", "evidence", "evidence_attachment_ids")
    def _check_evidence(self):
        for line in self:
            if line.done_date and not ((line.evidence or "").strip() or line.evidence_attachment_ids):
                raise ValidationError(
                    self.env._("An action marked done needs its evidence: “%s”.", line.name)
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        capas = self.env["quality.corrective.action"].browse(
            [vals["capa_id"] for vals in vals_list if vals.get("capa_id")]
        )
        settled = capas.filtered(lambda capa: capa.state in SETTLED_STATES)
        if settled:
            raise UserError(self.env._("%s is implemented: its actions are settled.", settled[0].name))
        return super().create(vals_list)

    def write(self, vals):
        if (
            not self.env.su
            and not self._qc_step_run()
            and not self.env.user.has_group("quality_complaint.group_quality_supervisor")
            # Step-owned fields are the engine's to refuse.
            and set(vals) - ASSIGNEE_WRITABLE - self._qc_owned_fields()
        ):
            raise UserError(self.env._("You may only record the completion and evidence of your actions."))
        result = super().write(vals)
        if "due_date" in vals or vals.get("done_date"):
            # A new due date or a finished action starts the reminders over.
            self._qc_step("remind").write({"reminder_state": "none", "is_overdue": False})
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Corrective action items are never deleted: record why they were dropped.")
        )

    # === BUSINESS METHODS === #

    # Due-date reminders
    @api.model
    def _qc_due_soon_domain(self, today, companies=None):
        """Lines due within the reminder lead days of their company (of `companies`, default all)."""
        Complaint = self.env["quality.complaint"]
        return Domain.OR(
            Domain("capa_id.company_id", "=", company.id)
            & Domain(
                "due_date", "<=", today + timedelta(days=Complaint._qc_param("capa_reminder_days", company))
            )
            for company in (self.env["res.company"].sudo().search([]) if companies is None else companies)
        )

    @api.model
    def _qc_reminder_domain(self, today, companies=None):
        """Lines due for a reminder, each company (of `companies`, default all) with its own lead days."""
        due_soon = self._qc_due_soon_domain(today, companies)
        return Domain.AND(
            [
                Domain("capa_id.state", "=", "open"),
                Domain("done_date", "=", False),
                (Domain("reminder_state", "=", "none") & due_soon)
                | (Domain("reminder_state", "!=", "overdue") & Domain("due_date", "<", today)),
            ]
        )

    def _qc_send_due_reminders(self, today):
        """Remind the responsible people of `self` once before the due date, and
        once more, with the owner, when it has passed.

        Set-based: the number of queries does not depend on the number of lines.
        """
        lines = self.filtered_domain(self._qc_reminder_domain(today, self.capa_id.company_id))
        overdue = lines.filtered(lambda line: line.due_date < today)
        upcoming = lines - overdue
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        values = []
        for line in lines:
            people = line.responsible_id
            if line in overdue:
                people |= line.capa_id.user_id
            for user in people:
                values.append(
                    {
                        "res_id": line.capa_id.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": line.due_date if line.due_date >= today else today,
                        # In the reader's language: a reminder job has none of its own.
                        "summary": (
                            self.with_context(lang=user.lang).env._("Overdue action: %s", line.capa_id.name)
                            if line in overdue
                            else self.with_context(lang=user.lang).env._(
                                "Action due by %s", fields.Date.to_string(line.due_date)
                            )
                        ),
                        "note": line.name,
                    }
                )
        schedule_todos(self.env, "quality.corrective.action", values)
        upcoming.sudo()._qc_step("remind").write({"reminder_state": "reminded"})
        overdue.sudo()._qc_step("remind").write({"reminder_state": "overdue", "is_overdue": True})
        bodies = {}
        # The notes are read by the whole lab: in its language, one per company.
        labs = {
            company: self.with_context(lang=company._qc_lang())
            for company in overdue.capa_id.company_id | self.env.company
        }
        for line in overdue:
            lab = labs[line.capa_id.company_id or self.env.company]
            bodies.setdefault(line.capa_id.id, []).append(
                Markup("<p>%s</p>")
                % lab.env._(
                    "Action “%(action)s” of %(user)s was due on %(date)s and is not done.",
                    action=line.name,
                    user=line.responsible_id.name,
                    date=fields.Date.to_string(line.due_date),
                )
            )
        if bodies:
            self.env["quality.corrective.action"].browse(list(bodies))._message_log_batch(
                bodies={capa_id: Markup().join(paragraphs) for capa_id, paragraphs in bodies.items()}
            )
        return lines
