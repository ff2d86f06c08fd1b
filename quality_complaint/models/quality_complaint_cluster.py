from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, LazyTranslate

from ..const import QUALITY_MANAGER, TOP_MANAGEMENT
from ..postgres import without_jit
from ..todos import schedule_todos
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

# What the cases of a cluster share: one attribute of the case, or a
# near-identical description; from the most specific to the broadest.
KEYS = [
    ("report_ref", "Report number"),
    ("sample_ref", "Sample / lot"),
    ("test_method", "Test method"),
    ("product_id", "Product / service"),
    ("department_id", "Responsible department"),
    ("category_id", "Category"),
    ("description", "Similar description"),
]
# Keys kept as text, compared trimmed and in capitals ("r-1 " is R-1).
# Retaliation reports never join: top management alone sees them, and a
# cluster would show the quality managers that they exist.
TEXT_KEYS = ("report_ref", "test_method", "sample_ref")
# Keys that are records, kept in the cluster's field of the same name.
RECORD_KEYS = ("product_id", "category_id", "department_id")
STATES = [
    ("proposed", "Proposed"),
    ("action_created", "Action created"),
    ("dismissed", "Dismissed"),
]
ACTIONS = [("capa", "Corrective action"), ("nonconforming", "Nonconforming work")]
# What the job sets when it proposes a cluster or adds cases to it.
GATHERED = frozenset(
    {
        "company_id",
        "key_field",
        "key_text",
        *RECORD_KEYS,
        "complaint_ids",
        "case_count",
        "period_start",
        "period_end",
        "proposed_action",
    }
)
DECIDED = frozenset({"decided_by_id", "decided_date"})


class QualityComplaintCluster(models.Model):
    """Recurring complaints (ISO/IEC 17025 8.7.1 c: do similar nonconformities
    exist?): valid cases of a period that share a report, a test method, a
    product, a lot, a category, a department or a near-identical description.

    The daily job (`_cron_find_clusters`) proposes each new cluster to the
    quality managers, who turn it into a corrective action or nonconforming
    work, or dismiss it with a reason; the management review lists them.
    """

    _name = "quality.complaint.cluster"
    _description = "Recurring complaints"
    _inherit = ["quality.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _qc_steps = {
        # The job's own step: no button offers it.
        "gather": Step(sets=GATHERED, label=_lt("gather recurring complaints")),
        "create_action": Step(
            ("proposed",),
            ("action_created",),
            QUALITY_MANAGER,
            sets=DECIDED | {"capa_id", "nonconforming_id"},
            label=_lt("act on recurring complaints"),
        ),
        "dismiss": Step(
            ("proposed",),
            ("dismissed",),
            QUALITY_MANAGER,
            sets=DECIDED | {"dismiss_reason"},
            label=_lt("dismiss recurring complaints"),
        ),
    }
    _qc_step_owned = GATHERED | DECIDED | {"name", "capa_id", "nonconforming_id", "dismiss_reason"}
    _qc_locks = (
        Lock(
            states=("action_created", "dismissed"),
            message=_lt("%s is decided: its record can no longer be changed."),
        ),
    )
    _qc_sequence_code = "quality.complaint.cluster"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # === FIELDS === #

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, readonly=True, copy=False, index=True)
    key_field = fields.Selection(KEYS, string="Shared", required=True, readonly=True, copy=False)
    key_text = fields.Char(string="Shared value", readonly=True, copy=False)
    product_id = fields.Many2one("product.product", string="Product / service", readonly=True, copy=False)
    category_id = fields.Many2one("quality.complaint.category", readonly=True, copy=False)
    department_id = fields.Many2one(
        "quality.complaint.department",
        string="Responsible department",
        readonly=True,
        copy=False,
        check_company=True,
    )
    key_display = fields.Char(string="Recurrence", compute="_compute_key_display")
    complaint_ids = fields.Many2many(
        "quality.complaint",
        "quality_complaint_cluster_case_rel",
        "cluster_id",
        "complaint_id",
        string="Cases",
        readonly=True,
        copy=False,
        check_company=True,
    )
    case_count = fields.Integer(string="Number of cases", readonly=True, copy=False, aggregator="sum")
    period_start = fields.Date(string="Cases received from", readonly=True, copy=False)
    period_end = fields.Date(string="Found on", readonly=True, copy=False)
    proposed_action = fields.Selection(ACTIONS, string="Proposes", readonly=True, copy=False)
    state = fields.Selection(
        STATES, default="proposed", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    capa_id = fields.Many2one(
        "quality.corrective.action",
        string="Corrective action",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    nonconforming_id = fields.Many2one(
        "quality.nonconforming.work",
        string="Nonconforming work",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    action_state = fields.Char(string="State of the action", compute="_compute_action_state")
    dismiss_reason = fields.Text(string="Why dismissed", readonly=True, copy=False, tracking=True)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided by", readonly=True, copy=False, tracking=True
    )
    decided_date = fields.Datetime(string="Decided on", readonly=True, copy=False)

    # === COMPUTE METHODS === #

    @api.depends("key_field", "key_text", "product_id", "category_id", "department_id")
    @api.depends_context("lang")
    def _compute_key_display(self):
        labels = dict(self._fields["key_field"]._description_selection(self.env))
        for cluster in self:
            if cluster.key_field in RECORD_KEYS:
                value = cluster[cluster.key_field].display_name
            else:
                value = cluster.key_text
            label = labels.get(cluster.key_field, "")
            cluster.key_display = self.env._("%(key)s: %(value)s", key=label, value=value) if value else label

    @api.depends("capa_id.state", "nonconforming_id.state")
    @api.depends_context("lang")
    def _compute_action_state(self):
        capa_states = dict(
            self.env["quality.corrective.action"]._fields["state"]._description_selection(self.env)
        )
        work_states = dict(
            self.env["quality.nonconforming.work"]._fields["state"]._description_selection(self.env)
        )
        for cluster in self:
            if cluster.capa_id:
                cluster.action_state = capa_states[cluster.capa_id.state]
            elif cluster.nonconforming_id:
                cluster.action_state = work_states[cluster.nonconforming_id.state]
            else:
                cluster.action_state = False

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Recurrence clusters are never deleted: the management review reads them.")
        )

    # === ACTION METHODS === #

    def action_create_capa(self):
        return self._qc_create_action("capa")

    def action_create_nonconforming(self):
        return self._qc_create_action("nonconforming")

    def action_open_dismiss_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dismiss recurring complaints"),
            "res_model": "quality.complaint.cluster.dismiss",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_cluster_id": self.id},
        }

    def action_open_cases(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cases of %s", self.name),
            "res_model": "quality.complaint",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.complaint_ids.ids)],
        }

    # === BUSINESS METHODS === #

    def dismiss(self, reason):
        """Close the proposal without an action, for `reason` (the quality manager's step)."""
        clusters = self._qc_step("dismiss")
        if not (reason or "").strip():
            raise UserError(self.env._("Say why these recurring complaints need no action."))
        clusters.write(
            {
                "state": "dismissed",
                "dismiss_reason": reason,
                "decided_by_id": self.env.uid,
                "decided_date": fields.Datetime.now(),
            }
        )
        clusters._qc_done_proposal()
        return True

    def _qc_create_action(self, kind):
        """Create the corrective action or nonconforming work of this cluster
        through its own model, with the user's rights and that model's rules,
        and link it (the quality manager's step)."""
        self.ensure_one()
        cluster = self._qc_step("create_action")
        # The client's default_* keys were dropped by the step: the action gets its own defaults.
        plain = self.with_env(cluster._qc_plain_env())
        values = plain._qc_action_values(kind)
        if kind == "capa":
            action = plain.env["quality.corrective.action"].create(values)
            link = {"capa_id": action.id}
        else:
            action = plain.env["quality.nonconforming.work"].create(values)
            link = {"nonconforming_id": action.id}
        cluster.write(
            dict(link, state="action_created", decided_by_id=self.env.uid, decided_date=fields.Datetime.now())
        )
        cluster._qc_done_proposal()
        return {
            "type": "ir.actions.act_window",
            "res_model": action._name,
            "res_id": action.id,
            "views": [(False, "form")],
        }

    def _qc_action_values(self, kind):
        cases = self.complaint_ids.sorted(lambda case: (case.received_date, case.id))
        listing = "\n".join(
            f"{case.name} ({fields.Date.to_string(case.received_date.date())})" for case in cases
        )
        what = self.env._(
            "%(count)s valid cases since %(start)s share %(key)s:\n%(cases)s",
            count=len(cases),
            start=fields.Date.to_string(self.period_start),
            key=self.key_display,
            cases=listing,
        )
        department = self.department_id or (cases.department_id if len(cases.department_id) == 1 else False)
        if kind == "nonconforming":
            return {
                "company_id": self.company_id.id,
                "description": what,
                "department_id": department.id if department else False,
            }
        return {
            "company_id": self.company_id.id,
            "title": self.env._("Recurring complaints (%s)", self.key_display),
            "capa_type": "corrective",
            # The most recent case is the complaint behind the action; the others are listed.
            "source": "complaint",
            "complaint_id": cases[-1].id,
            "department_id": department.id if department else False,
            "problem_what": what,
            "problem_how_much": self.env._("%s cases", len(cases)),
            "management_review_input": True,
        }

    def _qc_done_proposal(self):
        # Every quality manager had the same to-do: one decision answers them all.
        self.sudo().activity_feedback(["quality_complaint.mail_activity_type_cluster"])

    # === CRON METHODS === #

    @api.model
    def _cron_find_clusters(self):
        """Scheduled action: the recurrence clusters of every company. The
        application proposes them, whichever user the job runs as."""
        with without_jit(self.env.cr):
            return self.sudo()._qc_find_clusters(
                self.env["res.company"].sudo().search([("active", "=", True)])
            )

    @api.model
    def _qc_find_clusters(self, companies, now=None):
        """Group the valid cases of each company's period into clusters, set
        by set: one query finds the groups of every attribute, one the
        near-identical descriptions; a group already proposed, or decided
        within the period, gets the new cases instead of a new proposal."""
        now = now or fields.Datetime.now()
        Complaint = self.env["quality.complaint"]
        windows = {
            company.id: {
                "start": now - timedelta(days=Complaint._qc_param("cluster_days", company)),
                "end": now,
                "min_cases": Complaint._qc_param("cluster_min_cases", company),
                "similarity": Complaint._qc_param("cluster_text_similarity", company),
            }
            for company in companies
        }
        if not windows:
            return self
        Complaint.flush_model(
            [
                "company_id",
                "received_date",
                "validity",
                "state",
                "description",
                "test_method",
                *TEXT_KEYS,
                *RECORD_KEYS,
            ]
        )
        groups = self._qc_attribute_groups(windows)
        if self.env.registry.has_trigram:
            groups += self._qc_text_groups(windows)
        return self._qc_store_groups(groups, windows, now)

    @api.model
    def _qc_period_sql(self, windows):
        return SQL(", ").join(
            SQL(
                "(%s, %s::timestamp, %s::timestamp, %s, %s::float)",
                company_id,
                window["start"],
                window["end"],
                window["min_cases"],
                window["similarity"],
            )
            for company_id, window in windows.items()
        )

    @api.model
    def _qc_attribute_groups(self, windows):
        """[(company id, key field, key value, case ids)] of the attributes shared
        by enough cases, in one scan of the period's cases."""
        values = SQL(", ").join(
            SQL("(%s, upper(btrim(c.%s)))", key, SQL.identifier(key))
            if key in TEXT_KEYS
            else SQL("(%s, c.%s::text)", key, SQL.identifier(key))
            for key, _label in KEYS
            if key != "description"
        )
        self.env.cr.execute(
            SQL(
                """
                WITH period(company_id, date_from, date_to, min_cases, similarity) AS (VALUES %(period)s)
                SELECT c.company_id, k.key_field, k.key_value, array_agg(c.id ORDER BY c.id)
                  FROM quality_complaint c
                  JOIN period p ON p.company_id = c.company_id
                   AND c.received_date >= p.date_from AND c.received_date <= p.date_to
                 CROSS JOIN LATERAL (VALUES %(values)s) AS k(key_field, key_value)
                 WHERE c.validity = 'valid' AND c.state != 'cancelled' AND c.kind != 'retaliation' AND k.key_value <> ''
                 GROUP BY c.company_id, k.key_field, k.key_value, p.min_cases
                HAVING count(*) >= p.min_cases
                """,
                period=self._qc_period_sql(windows),
                values=values,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _qc_text_groups(self, windows):
        """[(company id, "description", None, case ids)]: cases whose descriptions
        are the same but for digits, spaces and punctuation, joined with those
        whose description has a trigram similarity of at least the company's
        threshold to theirs, enough of them together.

        Texts the same but for numbers (a form, a template) are one block,
        compared once: the trigram join then grows with the distinct texts of
        the period, never with the pairs of a template's copies.
        """
        # The operator % finds the candidates through the trigram index at the
        # lowest threshold; each company's own threshold then filters them.
        self.env.cr.execute(
            SQL(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                str(min(window["similarity"] for window in windows.values())),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                WITH period(company_id, date_from, date_to, min_cases, similarity) AS (VALUES %(period)s),
                cases AS MATERIALIZED (
                    SELECT c.id, c.company_id, c.description, p.date_from, p.date_to, p.similarity,
                           regexp_replace(lower(c.description), '[[:digit:][:space:][:punct:]]+', '', 'g') AS skeleton
                      FROM quality_complaint c
                      JOIN period p ON p.company_id = c.company_id
                       AND c.received_date >= p.date_from AND c.received_date <= p.date_to
                     WHERE c.validity = 'valid' AND c.state != 'cancelled' AND c.kind != 'retaliation'
                ),
                blocks AS MATERIALIZED (
                    SELECT company_id, skeleton, min(id) AS first_id, array_agg(id ORDER BY id) AS case_ids
                      FROM cases
                     GROUP BY company_id, skeleton
                ),
                heads AS MATERIALIZED (
                    SELECT head.*
                      FROM blocks block
                      JOIN cases head ON head.id = block.first_id
                ),
                links AS (
                    SELECT DISTINCT head.id AS first_id, other.first_id AS other_id
                      FROM heads head
                      -- Probed head by head through the trigram index (OFFSET 0 keeps
                      -- the planner from turning the probes into one join of all pairs).
                     CROSS JOIN LATERAL (
                        SELECT candidate.id
                          FROM quality_complaint candidate
                         WHERE candidate.description %% head.description
                           AND candidate.company_id = head.company_id
                           AND candidate.received_date >= head.date_from
                           AND candidate.received_date <= head.date_to
                           AND candidate.id != head.id
                           AND similarity(head.description, candidate.description) >= head.similarity
                        OFFSET 0
                     ) candidate
                      JOIN cases near ON near.id = candidate.id
                      JOIN blocks other ON other.company_id = near.company_id AND other.skeleton = near.skeleton
                     WHERE other.first_id != head.id
                )
                SELECT block.company_id, block.first_id, block.case_ids,
                       ARRAY(SELECT links.other_id FROM links WHERE links.first_id = block.first_id)
                  FROM blocks block
                 WHERE cardinality(block.case_ids) > 1
                    OR EXISTS (SELECT 1 FROM links WHERE links.first_id = block.first_id OR links.other_id = block.first_id)
                """,
                period=self._qc_period_sql(windows),
            )
        )
        # Linked blocks form one group (union-find over the links).
        parent, company_of, members = {}, {}, {}

        def root(block):
            parent.setdefault(block, block)
            while parent[block] != block:
                parent[block] = parent[parent[block]]
                block = parent[block]
            return block

        for company_id, first_id, case_ids, linked in self.env.cr.fetchall():
            company_of[first_id] = company_id
            members[first_id] = case_ids
            for other_id in linked:
                parent[root(first_id)] = root(other_id)
        groups = {}
        for first_id, case_ids in members.items():
            groups.setdefault(root(first_id), []).extend(case_ids)
        return [
            (company_of[first_id], "description", None, sorted(case_ids))
            for first_id, case_ids in groups.items()
            if len(case_ids) >= windows[company_of[first_id]]["min_cases"]
        ]

    @api.model
    def _qc_store_groups(self, groups, windows, now):
        """Add the cases of `groups` to their clusters, propose the new ones."""
        earliest = min(window["start"] for window in windows.values())
        known = self.search(
            [
                ("company_id", "in", list(windows)),
                "|",
                ("state", "=", "proposed"),
                ("decided_date", ">=", earliest),
            ]
        )
        known.mapped("complaint_ids")
        by_key, text_clusters = {}, []
        for cluster in known:
            if cluster.state != "proposed" and cluster.decided_date < windows[cluster.company_id.id]["start"]:
                continue
            if cluster.key_field == "description":
                text_clusters.append(cluster)
            else:
                by_key[cluster.company_id.id, cluster.key_field, cluster._qc_key_value()] = cluster
        new_values, proposed_sets = [], set()
        # Dates as the lab reads them: in its working calendar's time zone,
        # whoever the job runs as.
        companies = self.env["res.company"].browse(list(windows))
        local = {company.id: company.resource_calendar_id._qc_local_date(now) for company in companies}
        start_of = {
            company.id: company.resource_calendar_id._qc_local_date(windows[company.id]["start"])
            for company in companies
        }
        # The most specific key first: a broader one gathering the very same
        # cases proposes nothing more.
        rank = {key: index for index, (key, _label) in enumerate(KEYS)}
        for company_id, key_field, key_value, case_ids in sorted(groups, key=lambda group: rank[group[1]]):
            if key_field == "description":
                cluster = next(
                    (
                        cluster
                        for cluster in text_clusters
                        if cluster.company_id.id == company_id
                        and set(cluster.complaint_ids.ids) & set(case_ids)
                    ),
                    None,
                )
            else:
                cluster = by_key.get((company_id, key_field, key_value))
            if cluster:
                cases = set(cluster.complaint_ids.ids) | set(case_ids)
                if len(cases) != cluster.case_count:
                    cluster._qc_step("gather").write(
                        {
                            "complaint_ids": [Command.set(sorted(cases))],
                            "case_count": len(cases),
                            "period_end": local[company_id],
                        }
                    )
                continue
            if (company_id, frozenset(case_ids)) in proposed_sets:
                continue
            proposed_sets.add((company_id, frozenset(case_ids)))
            company = self.env["res.company"].browse(company_id)
            values = {
                "company_id": company_id,
                "key_field": key_field,
                "complaint_ids": [Command.set(case_ids)],
                "case_count": len(case_ids),
                "period_start": start_of[company_id],
                "period_end": local[company_id],
                "proposed_action": self.env["quality.complaint"]._qc_param("cluster_action", company),
            }
            if key_field in RECORD_KEYS:
                values[key_field] = int(key_value)
            elif key_field in TEXT_KEYS:
                values["key_text"] = key_value
            new_values.append(values)
        created = self._qc_step("gather").with_context(mail_create_nolog=True).create(new_values)
        created._qc_propose()
        return created

    def _qc_key_value(self):
        if self.key_field in RECORD_KEYS:
            return str(self[self.key_field].id)
        return self.key_text

    def _qc_propose(self):
        """One to-do per quality manager of its company for each new cluster, in their language."""
        if not self:
            return
        # The quality managers themselves; top management, who hold the role
        # too, only where the lab has no quality manager of its own.
        managers = self.env.ref(QUALITY_MANAGER[0])._qc_active_users()
        managers = (managers - self.env.ref(TOP_MANAGEMENT[0])._qc_active_users()) or managers
        activity_type = self.env.ref("quality_complaint.mail_activity_type_cluster")
        values = []
        for cluster in self:
            for user in managers.filtered(
                lambda user, cluster=cluster: cluster.company_id in user.company_ids
            ):
                local = cluster.with_context(lang=user.lang)
                actions = dict(local._fields["proposed_action"]._description_selection(local.env))
                values.append(
                    {
                        "res_id": cluster.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": user.id,
                        "date_deadline": cluster.period_end,
                        "summary": local.env._(
                            "Recurring complaints, %(count)s cases (%(key)s): %(action)s proposed",
                            count=cluster.case_count,
                            key=local.key_display,
                            action=actions[cluster.proposed_action],
                        ),
                    }
                )
        schedule_todos(self.env, self._name, values)
