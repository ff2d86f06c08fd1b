from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, LazyTranslate

from ..duplicates import (
    CHOSEN_WEIGHTS,
    FIELDS_ONLY_WEIGHTS,
    case_text,
    normalise_ref,
    scored_candidates_query,
    text_candidate_limit,
)
from ..postgres import without_jit

_lt = LazyTranslate(__name__)

# What matched, in the order the warning lists it: the query's columns and their labels.
MATCH_COLUMNS = ("same_report", "same_customer", "same_product", "same_lot", "same_category")
MATCH_LABELS = (
    _lt("same report no."),
    _lt("same customer"),
    _lt("same product"),
    _lt("same sample / lot"),
    _lt("same category"),
)
# The text counts as matching from this trigram similarity on.
TEXT_MATCH_FROM = 0.2
# Past investigation the case has been handled on its own: no longer a duplicate.
LINKABLE_STATES = ("new", "acknowledged", "investigation")


class QualityComplaint(models.Model):
    """Likely duplicates of a case while it is typed and at the public form's
    intake, and the link of a duplicate to its original (ISO 13485 8.2.2,
    21 CFR 820.198: a duplicate refers to the investigation of the original)."""

    _inherit = "quality.complaint"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #

    duplicate_text = fields.Text(
        compute="_compute_duplicate_text",
        store=True,
        help="The summary and description as the duplicate check compares them.",
    )
    # The report and lot numbers as the duplicate check compares them (case and spaces do not count).
    duplicate_report_key = fields.Char(compute="_compute_duplicate_keys", store=True, index="btree_not_null")
    duplicate_lot_key = fields.Char(compute="_compute_duplicate_keys", store=True, index="btree_not_null")
    duplicate_warning = fields.Html(
        string="Likely duplicates",
        compute="_compute_duplicate_warning",
        sanitize=False,
        help="Earlier cases of the company that score over the duplicate threshold, best first.",
    )
    duplicate_top_id = fields.Many2one(
        "quality.complaint", string="Most likely original", compute="_compute_duplicate_warning"
    )
    duplicate_top_score = fields.Integer(string="Duplicate score (%)", compute="_compute_duplicate_warning")
    suspected_duplicate_id = fields.Many2one(
        "quality.complaint",
        string="Suspected duplicate of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The earlier case a public submission most likely repeats, found when it was received.",
    )
    suspected_duplicate_score = fields.Integer(
        string="Suspected duplicate score (%)", readonly=True, copy=False
    )
    # Every new case, whatever brought it, is scored by the intake job.
    duplicate_check_pending = fields.Boolean(
        string="Duplicate check to run",
        readonly=True,
        copy=False,
        help="The new case is still to be compared with the earlier ones.",
    )
    duplicate_of_id = fields.Many2one(
        "quality.complaint",
        string="Duplicate of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The original case: this one is closed as its duplicate and is not investigated again.",
    )
    duplicate_reason = fields.Text(string="Why a duplicate", readonly=True, copy=False, tracking=True)
    duplicate_linked_by_id = fields.Many2one(
        "res.users", string="Linked as duplicate by", readonly=True, copy=False
    )
    duplicate_linked_date = fields.Datetime(string="Linked as duplicate on", readonly=True, copy=False)
    duplicate_ids = fields.One2many("quality.complaint", "duplicate_of_id", string="Duplicates")
    duplicate_count = fields.Integer(compute="_compute_duplicate_count")

    # === COMPUTE METHODS === #

    @api.depends("summary", "description")
    def _compute_duplicate_text(self):
        for case in self:
            case.duplicate_text = case_text(case.summary, case.description) or False

    @api.depends("report_ref", "sample_ref")
    def _compute_duplicate_keys(self):
        for case in self:
            case.duplicate_report_key = normalise_ref(case.report_ref)
            case.duplicate_lot_key = normalise_ref(case.sample_ref)

    @api.depends(
        "company_id",
        "received_date",
        "report_ref",
        "partner_id",
        "product_id",
        "sample_ref",
        "category_id",
        "summary",
        "description",
    )
    def _compute_duplicate_warning(self):
        for case in self:
            if case.id:
                # A stored case keeps what its registration found (suspected_duplicate_id):
                # scoring it again on every read would cost each form and board.
                case.duplicate_top_id = False
                case.duplicate_top_score = 0
                case.duplicate_warning = False
                continue
            company = case.company_id or self.env.company
            values = case._qc_duplicate_values()
            threshold = self._qc_param("duplicate_threshold", company)
            rows = self._qc_duplicate_rows(values, case.received_date, case._origin.ids, threshold)
            rows = [row for row in rows if row["score"] >= threshold]
            # Only the cases the user may read, in one search.
            readable = self.search([("id", "in", [row["id"] for row in rows])]) if rows else self.browse()
            rows = [row for row in rows if row["id"] in readable.ids]
            case.duplicate_top_id = rows[0]["id"] if rows else False
            case.duplicate_top_score = rows[0]["score"] if rows else 0
            case.duplicate_warning = self._qc_duplicate_html(rows, readable) if rows else False

    @api.depends("duplicate_ids")
    def _compute_duplicate_count(self):
        # Through the one2many: a case just saved has none in the cache
        # already, and the others are read for the batch in one query.
        for case in self:
            case.duplicate_count = len(case.duplicate_ids)

    # === CONSTRAINT METHODS === #

    @api.constrains("duplicate_of_id")
    def _check_duplicate_of(self):
        for case in self.filtered("duplicate_of_id"):
            original = case.duplicate_of_id
            if original == case:
                raise ValidationError(self.env._("A case cannot be a duplicate of itself."))
            if original.company_id != case.company_id:
                raise ValidationError(
                    self.env._("%s belongs to another company: it cannot be the original.", original.name)
                )
            if original.duplicate_of_id:
                raise ValidationError(
                    self.env._(
                        "%(case)s is itself a duplicate of %(original)s: link to %(original)s.",
                        case=original.name,
                        original=original.duplicate_of_id.name,
                    )
                )
            if case.duplicate_ids:
                raise ValidationError(
                    self.env._("%s has duplicates of its own: it stays their original.", case.name)
                )

    # === ACTION METHODS === #

    def action_link_duplicate(self, original_id=None, reason=None):
        """Close the case as a duplicate of `original_id`: it refers to the
        original's investigation instead of having one of its own."""
        cases = self._qc_step("link_duplicate")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the case is a duplicate."))
        original = self.browse(original_id).exists()
        if not original:
            raise UserError(self.env._("Choose the original case."))
        if original.state == "cancelled":
            raise UserError(self.env._("%s is cancelled: it cannot be the original.", original.name))
        now = fields.Datetime.now()
        self.hold_ids._qc_stop()
        cases.write(
            {
                "state": "cancelled",
                "close_date": now,
                "cancel_reason": self.env._(
                    "Duplicate of %(original)s: %(reason)s", original=original.name, reason=reason
                ),
                "duplicate_of_id": original.id,
                "duplicate_reason": reason,
                "duplicate_linked_by_id": self.env.user.id,
                "duplicate_linked_date": now,
            }
        )
        original._qc_post_note(
            _lt(
                "Duplicate linked: %(cases)s (%(reason)s)",
                cases=", ".join(cases.mapped("name")),
                reason=reason,
            )
        )
        return True

    def action_unlink_duplicate(self, reason=None):
        """Not a duplicate after all: the case is open again, where it was
        before its investigation; the link stays in its history, with the reason."""
        cases = self._qc_step("unlink_duplicate")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the case is not a duplicate."))
        not_linked = cases.filtered(lambda case: not case.duplicate_of_id)
        if not_linked:
            raise UserError(self.env._("%s is not linked as a duplicate.", not_linked[0].name))
        archived = cases.filtered("records_archived")
        if archived:
            raise UserError(self.env._("The records of %s are archived: it stays closed.", archived[0].name))
        originals = cases.duplicate_of_id
        unlinked = dict.fromkeys(
            (
                "close_date",
                "duplicate_of_id",
                "duplicate_reason",
                "duplicate_linked_by_id",
                "duplicate_linked_date",
            ),
            False,
        )
        for acknowledged, group in cases.grouped(lambda case: bool(case.ack_date)).items():
            group.write(dict(unlinked, state="acknowledged" if acknowledged else "new"))
        cases._qc_post_note(_lt("Not a duplicate: %s", reason))
        originals._qc_post_note(
            _lt(
                "No longer a duplicate of this case: %(cases)s (%(reason)s)",
                cases=", ".join(cases.mapped("name")),
                reason=reason,
            )
        )
        return True

    def action_view_duplicates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Duplicates of %s", self.name),
            "res_model": "quality.complaint",
            "view_mode": "list,form",
            "domain": [("duplicate_of_id", "=", self.id)],
            "context": {"create": False},
        }

    # === BUSINESS METHODS === #

    def _qc_duplicate_values(self):
        """What the duplicate check compares, from a case being typed or stored."""
        self.ensure_one()
        # A stored case's complainant straight from its identity, without the
        # identity's record rules: the check runs as the application.
        partner = self.identity_id.partner_id if self.id else self.partner_id
        return {
            "company_id": (self.company_id or self.env.company).id,
            "report_ref": self.report_ref,
            "customer_id": partner.commercial_partner_id.id,
            "product_id": self.product_id.id,
            "sample_ref": self.sample_ref,
            "category_id": self.category_id.id,
            "text": case_text(self.summary, self.description),
        }

    @api.model
    def _qc_duplicate_rows(self, values, received_date, exclude_ids, min_score=0):
        """The best scored earlier cases for `values` (see _qc_duplicate_values), as dicts,
        in one query.
        Cases that cannot reach `min_score` may be left out."""
        self.env.flush_all()
        self.env.cr.execute(self._qc_duplicate_query(values, received_date, exclude_ids, min_score))
        columns = [column.name for column in self.env.cr.description]
        return [dict(zip(columns, row, strict=True)) for row in self.env.cr.fetchall()]

    @api.model
    def _qc_duplicate_query(self, values, received_date, exclude_ids, min_score, limit=5):
        company = self.env["res.company"].browse(values["company_id"])
        months = self._qc_param("similar_months", company)
        until = received_date or fields.Datetime.now()
        since = until - relativedelta(months=months)
        trigram = self.env.registry.has_trigram
        weights = CHOSEN_WEIGHTS if trigram else FIELDS_ONLY_WEIGHTS
        return scored_candidates_query(
            values,
            since,
            until,
            exclude_ids,
            weights=weights,
            trigram=trigram,
            limit=limit,
            text_limit=text_candidate_limit(min_score, weights),
        )

    def _qc_record_suspected_duplicates(self):
        """Score each new case against the earlier ones, whatever brought it
        (the form, the public form, mail), all in one query, and record the
        most likely original over the threshold: the clerk sees it first. Its
        follow-up's first case is not a duplicate of it."""
        cases = self.sudo()
        if not cases:
            return
        thresholds = {case: self._qc_param("duplicate_threshold", case.company_id) for case in cases}
        best_of_each = SQL(" UNION ALL ").join(
            SQL(
                "SELECT %s AS case_id, best.id, best.score FROM (%s) best",
                case.id,
                self._qc_duplicate_query(
                    case._qc_duplicate_values(),
                    case.received_date,
                    case.ids + case.parent_id.ids,
                    thresholds[case],
                    limit=1,
                ),
            )
            for case in cases
        )
        self.env.flush_all()
        with without_jit(self.env.cr):
            self.env.cr.execute(best_of_each)
            found = {case_id: (original_id, score) for case_id, original_id, score in self.env.cr.fetchall()}
        for case in cases._qc_step("finish_intake"):
            original_id, score = found.get(case.id, (False, 0))
            if original_id and score >= thresholds[case]:
                case.write({"suspected_duplicate_id": original_id, "suspected_duplicate_score": score})

    @api.model
    def _qc_duplicate_html(self, rows, cases):
        names = {case.id: case.display_name for case in cases}
        items = []
        for row in rows:
            matched = [
                self.env._(label)
                for column, label in zip(MATCH_COLUMNS, MATCH_LABELS, strict=True)
                if row[column]
            ]
            if row["text_similarity"] >= TEXT_MATCH_FROM:
                matched.append(self.env._("similar text (%s%%)", round(100 * row["text_similarity"])))
            items.append(
                Markup(
                    '<li><a href="/odoo/quality.complaint/%s" target="_blank">%s</a> '
                    '<span class="badge text-bg-warning">%s%%</span> %s</li>'
                )
                % (row["id"], names[row["id"]], row["score"], " · ".join(matched))
            )
        return Markup("<ul class='mb-0'>%s</ul>") % Markup().join(items)
