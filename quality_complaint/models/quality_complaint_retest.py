from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate, float_compare

from ..const import INVESTIGATING_STATES
from .quality_complaint_evidence_mixin import EVIDENCE_LOCK
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

RETEST_OUTCOME_FIELDS = frozenset(
    {
        "confirmed_by_id",
        "confirmed_date",
        "fee_payable_by_customer",
        "report_withdrawn",
        "withdrawn_date",
        "nonconforming_id",
        "capa_id",
    }
)

_lt = LazyTranslate(__name__)


class QualityComplaintRetest(models.Model):
    """Re-test of the retained sample (复检, V5), witnessed by the quality manager.

    Confirming it applies the procedure's consequences: a consistent result
    makes the case invalid and the customer pays the re-test; an
    inconsistent one withdraws the report and opens nonconforming work and
    a corrective action.
    """

    _name = "quality.complaint.retest"
    _description = "Re-test of a retained sample"
    _inherit = ["quality.complaint.evidence.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "retest_date desc, id desc"
    _check_company_auto = True
    _qc_steps = {
        "confirm_result": Step(
            ("draft",),
            ("done",),
            ("quality_complaint.group_technical_manager",),
            impartial=True,
            sets=RETEST_OUTCOME_FIELDS,
            label=_lt("confirm a re-test"),
        ),
    }
    # The nonconforming work and CAPA may be linked by hand before confirming.
    _qc_step_owned = (RETEST_OUTCOME_FIELDS - {"nonconforming_id", "capa_id"}) | {"name", "difference"}
    _qc_locks = (
        EVIDENCE_LOCK,
        Lock(states=("done",), message=_lt("%s is confirmed: its record can no longer be changed.")),
    )
    _qc_sequence_code = "quality.complaint.retest"

    # === FIELDS === #

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    complaint_id = fields.Many2one(
        "quality.complaint", string="Case", required=True, index=True, ondelete="restrict", check_company=True
    )
    investigation_id = fields.Many2one(
        "quality.complaint.investigation",
        domain="[('complaint_id', '=', complaint_id)]",
        check_company=True,
        index="btree_not_null",
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    retained_sample_ref = fields.Char(string="Retained sample", required=True, tracking=True)
    original_report_ref = fields.Char(
        string="Original report",
        compute="_compute_original_report_ref",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    parameter = fields.Char(string="Test item", help="The parameter re-tested, e.g. lead (Pb).")
    original_value = fields.Float(digits=(16, 6), tracking=True)
    original_unit = fields.Char()
    original_method = fields.Char(help="Standard or method of the original test.")
    retest_value = fields.Float(string="Re-test value", digits=(16, 6), tracking=True)
    retest_unit = fields.Char(string="Re-test unit")
    retest_method = fields.Char(string="Re-test method")
    tolerance = fields.Float(
        digits=(16, 6),
        help="Largest difference, in the result's unit, still taken as consistent "
        "(e.g. the method's repeatability limit). Zero: the results must be equal.",
    )
    difference = fields.Float(digits=(16, 6), compute="_compute_difference", store=True)
    outcome = fields.Selection(
        [("consistent", "Consistent"), ("inconsistent", "Inconsistent")],
        compute="_compute_outcome",
        store=True,
        readonly=False,
        tracking=True,
        help="Computed from the results and the tolerance when both use the same unit; "
        "otherwise decided by the technical manager.",
    )
    outcome_note = fields.Text(string="Comparison note")
    retest_date = fields.Date(string="Re-tested on", required=True, default=fields.Date.context_today)
    tester_id = fields.Many2one(
        "res.users", string="Tested by", default=lambda self: self.env.user, domain=[("share", "=", False)]
    )
    witness_id = fields.Many2one(
        "res.users",
        string="Witness (quality manager)",
        domain=[("share", "=", False)],
        tracking=True,
        help="The quality manager present during the re-test.",
    )
    retest_fee = fields.Monetary(
        string="Re-test fee",
        default=lambda self: self.env["quality.complaint"]._qc_param("retest_fee"),
        help="Paid by the customer when the re-test confirms the original result.",
    )
    fee_payable_by_customer = fields.Boolean(readonly=True, copy=False, tracking=True)
    report_withdrawn = fields.Boolean(
        string="Original report withdrawn", readonly=True, copy=False, tracking=True
    )
    withdrawn_date = fields.Date(readonly=True, copy=False)
    corrected_report_ref = fields.Char(
        string="Corrected report",
        tracking=True,
        help="Number of the report that replaces the withdrawn one; it cites the original report.",
    )
    compensation_amount = fields.Monetary(
        string="Proposed compensation", help="Approved with the case by top management."
    )
    nonconforming_id = fields.Many2one("quality.nonconforming.work", readonly=True, copy=False)
    capa_id = fields.Many2one(
        "quality.corrective.action", string="Corrective action", readonly=True, copy=False
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    confirmed_date = fields.Datetime(readonly=True, copy=False)
    evidence_locked = fields.Boolean(related="complaint_id.evidence_locked")

    # === COMPUTE METHODS === #

    @api.depends("complaint_id")
    def _compute_original_report_ref(self):
        for retest in self:
            retest.original_report_ref = retest.original_report_ref or retest.complaint_id.report_ref

    @api.depends("original_value", "retest_value")
    def _compute_difference(self):
        for retest in self:
            retest.difference = retest.retest_value - retest.original_value

    @api.depends("difference", "tolerance", "original_unit", "retest_unit")
    def _compute_outcome(self):
        for retest in self:
            if (retest.original_unit or "").strip() != (retest.retest_unit or "").strip():
                # Different units cannot be compared here: the technical manager decides.
                retest.outcome = retest.outcome
                continue
            within = float_compare(abs(retest.difference), retest.tolerance, precision_digits=6) <= 0
            retest.outcome = "consistent" if within else "inconsistent"

    # === CONSTRAINT METHODS === #

    @api.constrains("tolerance")
    def _check_tolerance(self):
        if any(retest.tolerance < 0 for retest in self):
            raise ValidationError(self.env._("A tolerance cannot be negative."))

    @api.constrains("witness_id", "tester_id", "complaint_id")
    def _check_witness(self):
        quality_managers = self.env.ref("quality_complaint.group_quality_manager").all_user_ids
        for retest in self:
            if retest.witness_id and retest.witness_id not in quality_managers:
                raise ValidationError(
                    self.env._(
                        "%s is not a quality manager and cannot witness a re-test.", retest.witness_id.name
                    )
                )
            retest.complaint_id._qc_check_impartial(
                retest.witness_id | retest.tester_id, self.env._("re-test it or witness the re-test")
            )

    @api.constrains("corrected_report_ref", "original_report_ref")
    def _check_corrected_report(self):
        for retest in self:
            if retest.corrected_report_ref and retest.corrected_report_ref == retest.original_report_ref:
                raise ValidationError(self.env._("The corrected report needs its own number."))

    # === CRUD METHODS === #

    # === ACTION METHODS === #

    def action_confirm_result(self):
        """Confirm the comparison and apply its consequences to the case (V5)."""
        retests = self._qc_step("confirm_result")
        for retest in retests:
            if retest.complaint_id.state not in INVESTIGATING_STATES:
                raise UserError(
                    self.env._(
                        "%s is past its investigation: a re-test can no longer change it.",
                        retest.complaint_id.name,
                    )
                )
            if not retest.witness_id:
                raise UserError(self.env._("Record the quality manager who witnessed %s.", retest.name))
            if not retest.outcome:
                raise UserError(
                    self.env._("Say whether %s is consistent with the original result.", retest.name)
                )
            if retest.outcome == "inconsistent" and not (retest.corrected_report_ref or "").strip():
                raise UserError(
                    self.env._("%s is inconsistent: record the number of the corrected report.", retest.name)
                )
        for retest in retests:
            if retest.outcome == "consistent":
                retest._qc_apply_consistent()
            else:
                retest._qc_apply_inconsistent()
        return True

    # === BUSINESS METHODS === #

    def _qc_confirm_values(self):
        return {"state": "done", "confirmed_by_id": self.env.uid, "confirmed_date": fields.Datetime.now()}

    def _qc_comparison_text(self):
        self.ensure_one()
        return self.env._(
            "Re-test %(ref)s of retained sample %(sample)s: original %(original)s %(unit)s, "
            "re-test %(retest)s %(retest_unit)s (tolerance %(tolerance)s).",
            ref=self.name,
            sample=self.retained_sample_ref,
            original=self.original_value,
            unit=self.original_unit or "",
            retest=self.retest_value,
            retest_unit=self.retest_unit or "",
            tolerance=self.tolerance,
        )

    def _qc_apply_consistent(self):
        """The lab's result stands: the case is proposed invalid and the customer pays the re-test."""
        self.ensure_one()
        case = self.complaint_id
        self.write(dict(self._qc_confirm_values(), fee_payable_by_customer=True))
        reasoning = self.env._("%s The re-test confirms the original result.", self._qc_comparison_text())
        case._qc_step("apply_retest").write(
            {
                "validity": "invalid",
                "invalid_reason": case.invalid_reason or "misunderstanding",
                "validity_reasoning": "\n".join(filter(None, [case.validity_reasoning, reasoning])),
            }
        )
        case._qc_post_note(
            reasoning,
            _lt(
                "Case proposed invalid; re-test fee payable by the customer: %(fee)s %(currency)s.",
                fee=self.retest_fee,
                currency=self.currency_id.name,
            ),
        )

    def _qc_apply_inconsistent(self):
        """The lab was wrong: withdraw the report, propose compensation, open NCW and CAPA."""
        self.ensure_one()
        case = self.complaint_id
        comparison = self._qc_comparison_text()
        # Records the technical manager already opened and linked are used, not duplicated.
        nonconforming = self.nonconforming_id or self.env["quality.nonconforming.work"].create(
            {
                "complaint_id": case.id,
                "retest_id": self.id,
                "investigation_id": self.investigation_id.id,
                "department_id": case.department_id.id,
                "classification": "general",
                "disposition": "report_recall",
                "description": self.env._(
                    "%(comparison)s Report %(original)s is withdrawn and replaced by %(corrected)s.",
                    comparison=comparison,
                    original=self.original_report_ref or "",
                    corrected=self.corrected_report_ref,
                ),
            }
        )
        capa = self.capa_id or self.env["quality.corrective.action"].create(
            {
                "title": self.env._(
                    "Inconsistent re-test on report %s", self.original_report_ref or case.name
                ),
                "capa_type": "corrective",
                "source": "nonconforming",
                "complaint_id": case.id,
                "nonconforming_id": nonconforming.id,
                "investigation_id": self.investigation_id.id,
                "problem_what": comparison,
                "containment": self.env._(
                    "Report %(original)s withdrawn; corrected report %(corrected)s issued.",
                    original=self.original_report_ref or "",
                    corrected=self.corrected_report_ref,
                ),
            }
        )
        self.write(
            dict(
                self._qc_confirm_values(),
                report_withdrawn=True,
                withdrawn_date=fields.Date.context_today(self),
                nonconforming_id=nonconforming.id,
                capa_id=capa.id,
            )
        )
        case_values = {"compensation_proposed": True}
        if case.validity == "pending":
            case_values["validity"] = "valid"
        if self.compensation_amount and not case.compensation_amount:
            case_values["compensation_amount"] = self.compensation_amount
        case._qc_step("apply_retest").write(case_values)
        case._qc_post_note(
            comparison,
            _lt(
                "Inconsistent: report %(original)s withdrawn, corrected report %(corrected)s; "
                "compensation proposed (top management approves); nonconforming work %(ncw)s "
                "and corrective action %(capa)s opened.",
                original=self.original_report_ref or "",
                corrected=self.corrected_report_ref,
                ncw=nonconforming.name,
                capa=capa.name,
            ),
        )
