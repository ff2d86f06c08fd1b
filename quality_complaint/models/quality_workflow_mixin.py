"""The step engine of every quality record that moves through states.

A model declares its steps (from which states, to which states, which roles
may take them, which fields they write), the fields only its steps write and
the locks of its states. `create` and `write` then refuse, with the engine's
own error, any value a step owns and anything a lock freezes, unless the
values come through `_qc_step()`. The only way onto that trusted path is a
Python object in the context, which no JSON or XML-RPC client can send;
neither a context key nor `sudo()` opens it (Odoo's own mail and portal
routes write as superuser after their token check).
"""

from dataclasses import dataclass

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from ..todos import schedule_todos

_lt = LazyTranslate(__name__)

# Bookkeeping of the mail and portal framework, written on any record at any time.
FRAMEWORK_FIELDS = frozenset({"message_main_attachment_id", "access_token"})
# Context keys with which a client could write without leaving a trace.
# (`mail_create_nolog` stays: the mail gateway sets it, the mail itself being
# the first message of the record it creates.)
UNTRACED_CONTEXT = ("tracking_disable", "mail_notrack")
STEP_CONTEXT = "qc_step"
# The step that records, as they were, the states, dates and people of
# records kept before this database: demo data, paper registers, an earlier
# system. No button offers it; data files and migration scripts call
# `_qc_import_records`.
IMPORT_STEP = "import_history"


@dataclass(frozen=True)
class Step:
    """One step of a workflow.

    `from_states` empty: any state. `to_states` empty: the state stays.
    `groups` empty: a step of the application itself (a job, a public page,
    another step), which no button offers. `impartial`: the people involved
    in the case may not take it. `sets`: the fields it writes besides `state`.
    `advances`: the step takes the record on along its main path from its
    `from_states`; the form names it as the next step (where several do, the
    first declared that the record is ready for, see `_qc_step_ready`).
    """

    from_states: tuple = ()
    to_states: tuple = ()
    groups: tuple = ()
    impartial: bool = False
    sets: frozenset = frozenset()
    advances: bool = False
    # Last, and named: the extractor of translatable terms reads every string
    # that follows a lazy text in the same call.
    label: object = None


@dataclass(frozen=True)
class Lock:
    """While `applies(record)` (its `field` is in `states`, or the boolean
    `field` is set when `states` is empty), a plain write may touch only
    `writable`, or everything but `frozen` when that is given."""

    field: str = "state"
    states: tuple = ()
    writable: frozenset = frozenset()
    frozen: frozenset | None = None
    # Last and named, as Step.label.
    message: object = None

    def applies(self, record):
        value = record[self.field]
        return value in self.states if self.states else bool(value)

    def refused(self, field_names):
        if self.frozen is not None:
            return field_names & self.frozen
        return field_names - self.writable - FRAMEWORK_FIELDS


class StepRequired(UserError):
    """The engine's refusal: only a workflow step may write this."""


@dataclass(frozen=True, slots=True)
class _StepRun:
    """The marker of the trusted path (see the module docstring).

    Frozen, so compared by value: equal markers make equal contexts, and Odoo
    reuses one environment per step instead of adding one per call (each new
    environment is looked up among all the transaction's others)."""

    model: str
    step: str
    to_states: frozenset
    fields: frozenset

    @classmethod
    def of(cls, model, step_name, step):
        return cls(
            model,
            step_name,
            frozenset(step.to_states),
            frozenset(step.sets) | ({"state"} if step.to_states else frozenset()),
        )


class QualityWorkflowMixin(models.AbstractModel):
    """Steps, step-owned fields and state locks of a quality record.

    Listed first in `_inherit`, so that its guards run before the mail
    framework reads the tracking switches of the context.
    """

    _name = "quality.workflow.mixin"
    _description = "Quality workflow steps"

    # Declarations, per model (class attributes).
    _qc_steps = {}
    _qc_step_owned = frozenset()
    _qc_locks = ()
    _qc_sequence_code = None

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        run = self._qc_step_run()
        model = self if run else self._qc_traced()
        covered = run.fields if run else frozenset()
        initial = model._qc_initial_values()
        vals_list = [model._qc_checked_new_values(vals, run, covered, initial) for vals in vals_list]
        model._qc_assign_references(vals_list)
        records = super(QualityWorkflowMixin, model).create(vals_list)
        # Never hand the trusted path back to the caller.
        return records.with_env(self._qc_plain_env()) if run else records

    def write(self, vals):
        run = self._qc_step_run()
        if not run:
            self._qc_check_plain_write(set(vals))
            return super(QualityWorkflowMixin, self._qc_traced()).write(vals)
        if "state" in vals:
            self._qc_check_run_state(run, vals["state"])
        self._qc_check_plain_write(set(vals) - run.fields)
        return super().write(vals)

    # === GUARDS === #

    @api.model
    def _qc_owned_fields(self):
        """Fields only a step writes: `state` and the declared ones."""
        owned = set(self._qc_step_owned)
        if "state" in self._fields:
            owned.add("state")
        return frozenset(owned)

    def _qc_step_run(self):
        run = self.env.context.get(STEP_CONTEXT)
        return run if isinstance(run, _StepRun) and run.model == self._name else None

    def _qc_traced(self):
        """`self` without the client's switches for tracking and logging."""
        if any(self.env.context.get(key) for key in UNTRACED_CONTEXT):
            return self.with_context(**dict.fromkeys(UNTRACED_CONTEXT, False))
        return self

    def _qc_refuse(self, field_names):
        labels = sorted(self._fields[name]._description_string(self.env) for name in field_names)
        raise StepRequired(
            self.env._(
                "%(fields)s: set by the steps of the workflow (its buttons), never written directly.",
                fields=", ".join(labels),
            )
        )

    def _qc_check_run_state(self, run, state):
        if state not in run.to_states:
            raise StepRequired(
                self.env._("The step %(step)s cannot lead to %(state)s.", step=run.step, state=state)
            )

    @api.model
    def _qc_initial_values(self):
        """What a new record holds in its step-owned fields: their own defaults, as written."""
        values = {}
        for name in self._qc_owned_fields():
            field = self._fields[name]
            default = field.default(self) if field.default else False
            values[name] = (
                field.convert_to_write(field.convert_to_cache(default, self), self) if default else False
            )
        return values

    def _qc_checked_new_values(self, vals, run, covered, initial):
        """The final values of a new record, defaults included (the client's
        `default_*` keys and a kanban column's defaults arrive that way), with
        every step-owned value other than its `initial` one refused."""
        complete = self._add_missing_default_values(dict(vals))
        stray = {
            name
            for name in (set(complete) & self._qc_owned_fields()) - covered
            if complete[name] not in (False, None, "", [], initial[name])
        }
        if stray:
            self._qc_refuse(stray)
        if run and complete.get("state", initial.get("state")) != initial.get("state"):
            self._qc_check_run_state(run, complete["state"])
        return complete

    @api.model
    def _qc_assign_references(self, vals_list):
        """References come from the model's sequence, never from the client."""
        if not self._qc_sequence_code:
            return
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code(self._qc_sequence_code) or "/"
                )

    def _qc_plain_env(self):
        context = dict(self.env.context)
        context.pop(STEP_CONTEXT, None)
        return self.env(context=context)

    def _qc_check_plain_write(self, field_names):
        owned = field_names & self._qc_owned_fields()
        if owned:
            self._qc_refuse(owned)
        for lock in self._qc_locks:
            refused = lock.refused(field_names)
            if not refused:
                continue
            locked = self.filtered(lock.applies)
            if locked:
                # A lazy text takes no arguments in env._: its placeholder is filled after translation.
                message = self.env._(lock.message)
                raise StepRequired(message % locked[0].display_name)  # pylint: disable=translation-not-lazy

    # === STEP RUNNER === #

    def _qc_step(self, step_name):
        """Check that the user may take `step_name` on every record of `self`
        (state, role, impartiality) and return `self` on the trusted path, for
        the step's own writes. Keys `default_*` of the caller's context are
        dropped: records the step creates get their own defaults."""
        step = self._qc_step_declaration(step_name)
        label = self.env._(step.label)
        if step.groups:
            self._qc_require_group(step.groups, label)
        if step.from_states:
            self._qc_require_state(step.from_states, label)
        if step.impartial:
            self._qc_impartial_cases()._qc_require_not_involved(label)
        context = {key: value for key, value in self.env.context.items() if not key.startswith("default_")}
        context[STEP_CONTEXT] = _StepRun.of(self._name, step_name, step)
        return self.with_env(self.env(context=context))

    def _qc_step_declaration(self, step_name):
        if step_name != IMPORT_STEP:
            return self._qc_steps[step_name]
        states = self._fields["state"].get_values(self.env) if "state" in self._fields else ()
        return Step(
            to_states=tuple(states),
            sets=frozenset(name for name in self._qc_owned_fields() if not self._fields[name].compute),
            label=_lt("import the history of a record"),
        )

    @api.model
    def _qc_import_records(self, vals_list):
        """Create records with the history they had before this database;
        a value `xml_id` names the record (data files)."""
        vals_list = [dict(vals) for vals in vals_list]
        xml_ids = [vals.pop("xml_id", None) for vals in vals_list]
        records = self._qc_step(IMPORT_STEP).create(vals_list)
        self.env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": xml_id, "record": record, "noupdate": True}
                for xml_id, record in zip(xml_ids, records, strict=True)
                if xml_id
            ]
        )
        return records

    def _qc_import_history(self, values):
        """Write, as they were, step-owned values of existing records (a
        migration from paper registers or an earlier system, test fixtures)."""
        self._qc_step(IMPORT_STEP).write(values)
        return True

    def _qc_impartial_cases(self):
        """The cases whose involved people may not take this record's steps."""
        return self.complaint_id

    # === NEXT STEP === #

    def _qc_next_step(self):
        """The name of the step that takes this record on from its state, or None:
        the first declared advancing step from it that the record is ready for."""
        self.ensure_one()
        return next(
            (
                name
                for name, step in self._qc_steps.items()
                if step.advances and self.state in step.from_states and self._qc_step_ready(name)
            ),
            None,
        )

    def _qc_step_ready(self, step_name):
        """Whether this record is ready for `step_name` (its state aside)."""
        return True

    def _qc_step_groups(self, step_name):
        """The roles that may take `step_name` on this record."""
        return self._qc_steps[step_name].groups

    def _qc_step_group_records(self, step_name):
        """The roles of `_qc_step_groups` as res.groups, from the cached XML ids
        (env.ref checks each one in the database)."""
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id
        return self.env["res.groups"].browse(
            [xmlid_to_id(xmlid) for xmlid in self._qc_step_groups(step_name)]
        )

    def _qc_chase_overdue(self, activity_type, assignee, summary):
        """Flag each record of `self` as chased (its `flag_overdue` step, which
        sets `is_overdue`) and give it one to-do of `activity_type`, all in one
        batch: `assignee(record)` is the user (none: no to-do), `summary(record)`
        the to-do's text, called in the assignee's language."""
        if not self:
            return self
        self._qc_step("flag_overdue").with_context(tracking_disable=True).write({"is_overdue": True})
        values = []
        for record in self:
            user = assignee(record)
            if user:
                values.append(
                    {
                        "res_id": record.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": fields.Date.context_today(self),
                        "summary": summary(record.with_context(lang=user.lang)),
                    }
                )
        schedule_todos(self.env, self._name, values)
        return self

    # === CHECKS === #

    def _qc_require_group(self, xmlids, action_label):
        """Refuse unless the user holds one of the roles `xmlids` (an XML id or a tuple of them)."""
        xmlids = (xmlids,) if isinstance(xmlids, str) else tuple(xmlids)
        if self.env.su or any(self.env.user.has_group(xmlid) for xmlid in xmlids):
            return
        names = ", ".join(self.env.ref(xmlid).name for xmlid in xmlids)
        if len(xmlids) == 1:
            message = self.env._("Only the role %(role)s may %(action)s.", role=names, action=action_label)
        else:
            message = self.env._("Only the roles %(roles)s may %(action)s.", roles=names, action=action_label)
        raise UserError(message)

    def _qc_require_state(self, states, action_label):
        wrong = self.filtered(lambda record: record.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(ref)s is %(state)s: you cannot %(action)s it now.",
                    ref=wrong[0].display_name,
                    state=labels[wrong[0].state],
                    action=action_label,
                )
            )
