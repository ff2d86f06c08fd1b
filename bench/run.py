"""`make bench`: quality_complaint against OCA helpdesk_mgmt (+ helpdesk_mgmt_sla)
and against raw SQL, server side, in databases bench/run.sh has installed.

Every measure runs in a cursor of its own as a request would (fresh ORM
cache, warm registry), as the admin user, and is rolled back, so runs are
independent and repeatable: one warm-up, then --repeats timed runs; the
table shows the median and the minimum, and the queries of one run
(`cr.sql_log_count`). Rows marked "without the indexes" drop the module's
indexes inside the measuring transaction (PostgreSQL DDL is transactional)
and roll the drop back.

Run through bench/run.sh, which passes the paths: it needs ODOO_ROOT (the
folder holding the `odoo` package) in the environment.
"""

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import patch

sys.path.insert(0, os.environ["ODOO_ROOT"])

from lxml import etree

import odoo
from odoo import api
from odoo.modules.registry import Registry

sys.path.insert(0, str(Path(__file__).parent))
import seed

_logger = logging.getLogger("bench")

CONTEXT = {"lang": "en_US", "tz": "Asia/Shanghai"}
KANBAN_DEFAULT_LIMIT = 40  # kanban_arch_parser.js: cards per column when the view sets no limit
LIST_LIMIT = 80  # relational_model.js DEFAULT_LIMIT
COUNT_LIMIT = 10001  # DEFAULT_COUNT_LIMIT + 1, as the web client asks
# Indexes this module adds for the measured reads (see ADDED_INDEXES below).
ADDED_INDEXES = (
    "quality_complaint_received_date_state_idx",
    "quality_complaint__state_index",
    "quality_complaint__current_deadline_index",
)
OPEN_CASES = [("state", "not in", ("closed", "cancelled"))]
OPEN_TICKETS = [("stage_id.closed", "=", False)]
# Field dependencies the web client adds for widgets (fieldDependencies in JS).
WIDGET_FIELDS = {
    "kanban_activity": {
        "activity_exception_decoration": {},
        "activity_exception_icon": {},
        "activity_state": {},
        "activity_summary": {},
        "activity_type_icon": {},
        "activity_type_id": {"fields": {"display_name": {}}},
    },
}


# ----------------------------------------------------------------------
# Harness
# ----------------------------------------------------------------------
class Bench:
    def __init__(self, registry, repeats):
        self.registry = registry
        self.repeats = repeats
        with self.env() as env:
            self.uid = env.ref("base.user_admin").id

    @contextmanager
    def env(self, uid=api.SUPERUSER_ID):
        with self.registry.cursor() as cr:
            try:
                yield api.Environment(cr, uid, CONTEXT)
            finally:
                cr.rollback()

    def measure(self, run, repeats=None, setup=None, warm_up=True):
        """Time `run(env, state)` in fresh transactions; `setup(env)` prepares `state` untimed."""
        timings, queries = [], []
        for index in range(-1 if warm_up else 0, repeats or self.repeats):
            with self.env(self.uid) as env:
                state = setup(env) if setup else None
                env.flush_all()
                env.invalidate_all()
                before = env.cr.sql_log_count
                started = time.perf_counter()
                run(env, state)
                env.flush_all()
                elapsed = (time.perf_counter() - started) * 1000
                if index >= 0:
                    timings.append(elapsed)
                    queries.append(env.cr.sql_log_count - before)
        return {
            "median_ms": round(statistics.median(timings), 2),
            "min_ms": round(min(timings), 2),
            "queries": max(queries),
            "runs": len(timings),
        }


def fields_spec(env, model, view_type):
    """The read specification Odoo 19's web client sends for the default view.

    Mirrors getFieldsSpec (web/static/src/model/relational_model/utils.js):
    every field of the arch, many2one with their display name, x2many as
    ids, plus the fields the widgets declare as dependencies.
    """
    Model = env[model]
    views = Model.get_views([(False, view_type)])
    fields_info = views["models"][model]["fields"]
    arch = etree.fromstring(views["views"][view_type]["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        ftype = fields_info[name]["type"]
        spec[name] = {"fields": {"display_name": {}}} if ftype in ("many2one", "reference") else {}
        spec.update(WIDGET_FIELDS.get(node.get("widget"), {}))
    return spec


def progress_bar(env, model, view_type="kanban"):
    arch = etree.fromstring(env[model].get_views([(False, view_type)])["views"][view_type]["arch"])
    node = arch.find(".//progressbar")
    return {"field": node.get("field"), "colors": json.loads(node.get("colors")), "help": ""}


def kanban_limit(env, model):
    """Cards per column on first load, as the web client reads it from the view."""
    arch = etree.fromstring(env[model].get_views([(False, "kanban")])["views"]["kanban"]["arch"])
    return int(arch.get("limit") or KANBAN_DEFAULT_LIMIT)


def kanban_load(model, group_by, domain):
    """The two calls of a kanban's first load: web_read_group and read_progress_bar."""

    def setup(env):
        return {
            "spec": fields_spec(env, model, "kanban"),
            "bar": progress_bar(env, model),
            "limit": kanban_limit(env, model),
        }

    def run(env, state):
        Model = env[model].with_context(read_group_expand=True)
        result = Model.web_read_group(
            domain,
            [group_by],
            [],
            order="",
            auto_unfold=True,
            opening_info=[],
            unfold_read_specification=state["spec"],
            unfold_read_default_limit=state["limit"],
            groupby_read_specification={},
        )
        env[model].read_progress_bar(domain, group_by, state["bar"])
        return result

    return setup, run


def list_load(model, domain):
    def setup(env):
        return fields_spec(env, model, "list")

    def run(env, spec):
        env[model].with_context(bin_size=True).web_search_read(
            domain, spec, offset=0, limit=LIST_LIMIT, order="", count_limit=COUNT_LIMIT
        )

    return setup, run


def sql(query, params=None):
    def run(env, _state):
        env.cr.execute(query, params or {})
        env.cr.fetchall()

    return run


def sql_kanban(where):
    def run(env, limit):
        env.cr.execute(SQL_KANBAN.format(where=where, limit=limit))
        env.cr.fetchall()

    return run


@contextmanager
def indexes_dropped(env, names):
    for name in names:
        env.cr.execute(f'DROP INDEX IF EXISTS "{name}"')
    yield


# ----------------------------------------------------------------------
# Raw SQL giving the same answers
# ----------------------------------------------------------------------
CASE_WHERE = "c.company_id = 1 AND c.state NOT IN ('closed', 'cancelled')"

SQL_KANBAN = """
SELECT c.state, count(*) FROM quality_complaint c WHERE {where} GROUP BY c.state;
SELECT c.state, c.severity, count(*) FROM quality_complaint c WHERE {where} GROUP BY c.state, c.severity;
SELECT c.id, c.state, c.name, c.severity, c.summary, c.kind, c.is_overdue, c.is_anonymous,
       c.current_deadline, c.identity_restricted, cat.id, cat.name->>'en_US', u.id, up.name,
       i.partner_id, ip.name, i.name, a.activity_state, a.activity_type_id
  FROM (SELECT c.*, row_number() OVER (PARTITION BY c.state ORDER BY c.received_date DESC, c.id DESC) AS rank
          FROM quality_complaint c WHERE {where}) c
  LEFT JOIN quality_complaint_category cat ON cat.id = c.category_id
  LEFT JOIN res_users u ON u.id = c.user_id
  LEFT JOIN res_partner up ON up.id = u.partner_id
  LEFT JOIN quality_complaint_identity i ON i.id = c.identity_id
  LEFT JOIN res_partner ip ON ip.id = i.partner_id
  LEFT JOIN LATERAL (
        SELECT min(date_deadline) AS activity_state, min(activity_type_id) AS activity_type_id
          FROM mail_activity WHERE res_model = 'quality.complaint' AND res_id = c.id) a ON true
 WHERE c.rank <= {limit}
 ORDER BY c.state, c.rank
"""

SQL_LIST = """
SELECT count(*) FROM (SELECT 1 FROM quality_complaint c WHERE c.company_id = 1 LIMIT 10001) t;
SELECT c.id, c.name, c.received_date, c.kind, c.channel, c.summary, cat.name->>'en_US', c.severity,
       c.report_ref, up.name, d.name, c.validity, c.current_deadline, c.is_overdue, c.state, c.company_id
  FROM quality_complaint c
  LEFT JOIN quality_complaint_category cat ON cat.id = c.category_id
  LEFT JOIN res_users u ON u.id = c.user_id
  LEFT JOIN res_partner up ON up.id = u.partner_id
  LEFT JOIN quality_complaint_department d ON d.id = c.department_id
 WHERE c.company_id = 1
 ORDER BY c.received_date DESC, c.id DESC
 LIMIT 80
"""

SQL_STATISTICS = """
SELECT date_trunc('month', c.received_date AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai') AS month,
       c.category_id, count(*)
  FROM quality_complaint c WHERE c.company_id = 1
 GROUP BY 1, 2 ORDER BY 1, 2
"""

# Management review (ISO/IEC 17025 8.9.2): the year's cases by kind and
# state, by category and validity, how many were answered late, and the
# compensation paid.
REVIEW_GROUPINGS = (
    (["kind", "state"], ["__count"]),
    (["category_id", "validity"], ["__count", "compensation_amount:sum"]),
    (["severity", "is_overdue"], ["__count"]),
    (["channel"], ["__count"]),
)
SQL_REVIEW = """
SELECT kind, state, count(*) FROM quality_complaint c WHERE {where} GROUP BY 1, 2;
SELECT category_id, validity, count(*), sum(compensation_amount) FROM quality_complaint c WHERE {where} GROUP BY 1, 2;
SELECT severity, is_overdue, count(*) FROM quality_complaint c WHERE {where} GROUP BY 1, 2;
SELECT channel, count(*) FROM quality_complaint c WHERE {where} GROUP BY 1
"""


def review_domain():
    year_ago = datetime.now(UTC).replace(tzinfo=None).replace(year=datetime.now(UTC).year - 1)
    return [("received_date", ">=", year_ago)], year_ago


# ----------------------------------------------------------------------
# The measures
# ----------------------------------------------------------------------
def measure_size(bench, size, peer_sla_sample):
    rows = {}

    def row(key, label, ours, peer=None, raw=None, **extra):
        rows[key] = {"label": label, "ours": ours, "peer": peer, "sql": raw, **extra}
        _logger.info("%s: %s", label, json.dumps(rows[key], default=str))

    # Kanban: open cases (the action's default filter) and every case.
    for suffix, case_domain, ticket_domain, where in (
        ("open", OPEN_CASES, OPEN_TICKETS, CASE_WHERE),
        ("all", [], [], "c.company_id = 1"),
    ):
        setup, run = kanban_load("quality.complaint", "state", case_domain)
        peer_setup, peer_run = kanban_load("helpdesk.ticket", "stage_id", ticket_domain)
        row(
            f"kanban_{suffix}",
            f"Kanban first load, {'open' if suffix == 'open' else 'all'} cases",
            bench.measure(run, setup=setup),
            bench.measure(peer_run, setup=peer_setup),
            bench.measure(sql_kanban(where), setup=lambda env: kanban_limit(env, "quality.complaint")),
        )

    setup, run = list_load("quality.complaint", [])
    peer_setup, peer_run = list_load("helpdesk.ticket", [])
    row(
        "list",
        "List first page (80 rows + count)",
        bench.measure(run, setup=setup),
        bench.measure(peer_run, setup=peer_setup),
        bench.measure(sql(SQL_LIST)),
    )

    def statistics_run(model, date_field):
        def run(env, _state):
            env[model].formatted_read_group([], [f"{date_field}:month", "category_id"], ["__count"])

        return run

    row(
        "pivot",
        "Pivot: month x category, whole period (formatted_read_group)",
        bench.measure(statistics_run("quality.complaint", "received_date")),
        bench.measure(statistics_run("helpdesk.ticket", "create_date")),
        bench.measure(sql(SQL_STATISTICS)),
    )

    def read_group_run(model, date_field):
        def run(env, _state):
            env[model]._read_group([], [f"{date_field}:month", "category_id"], ["__count"])

        return run

    row(
        "statistics",
        "Statistics: month x category, whole period (_read_group)",
        bench.measure(read_group_run("quality.complaint", "received_date")),
        bench.measure(read_group_run("helpdesk.ticket", "create_date")),
        bench.measure(sql(SQL_STATISTICS)),
    )

    domain, since = review_domain()

    def review_run(env, _state):
        for groupby, aggregates in REVIEW_GROUPINGS:
            env["quality.complaint"].formatted_read_group(domain, groupby, aggregates)

    row(
        "review",
        "Management review statistics (last 12 months)",
        bench.measure(review_run),
        None,
        bench.measure(
            sql(
                SQL_REVIEW.format(where="c.company_id = 1 AND c.received_date >= %(since)s"), {"since": since}
            )
        ),
    )

    with bench.env() as env:
        survey_installed = "quality.satisfaction.response.line" in env
    if survey_installed:

        def survey_run(env, _state):
            env["quality.satisfaction.response.line"].formatted_read_group(
                [], ["survey_id", "question_id"], ["rating:avg", "__count"]
            )

        row(
            "survey",
            "Survey analysis: average rating per survey and item",
            bench.measure(survey_run),
            None,
            bench.measure(
                sql(
                    "SELECT survey_id, question_id, avg(rating), count(*) "
                    "FROM quality_satisfaction_response_line GROUP BY 1, 2"
                )
            ),
        )
    else:
        rows["survey"] = {"label": "Survey analysis", "skipped": "quality.satisfaction.* not installed"}

    rows["overdue"] = measure_overdue(bench, peer_sla_sample)
    _logger.info("overdue: %s", json.dumps(rows["overdue"], default=str))
    rows["create"] = measure_create(bench)
    _logger.info("create: %s", json.dumps(rows["create"], default=str))

    # Effect of the indexes: the same reads with the module's indexes dropped.
    for key, label, run in (
        (
            "kanban_open",
            "Kanban first load, open cases",
            kanban_load("quality.complaint", "state", OPEN_CASES),
        ),
        (
            "statistics",
            "Statistics: month x category",
            (None, read_group_run("quality.complaint", "received_date")),
        ),
    ):
        setup, body = run

        def without_indexes(env, state, body=body):
            with indexes_dropped(env, ADDED_INDEXES):
                body(env, state)

        rows[f"{key}_noindex"] = {
            "label": f"{label}, without the indexes",
            "ours": bench.measure(without_indexes, setup=setup),
        }
    return rows


def measure_overdue(bench, peer_sla_sample):
    """The overdue job over every open case against set_sla() on open tickets.

    Ours runs as the scheduled job does, batch by batch over the cases its
    domain finds, minus the commits (the transaction is rolled back). The
    peer has no scheduled job: recomputing SLA deadlines is set_sla() on
    each open ticket, run on a sample of them when there are too many
    (seconds per hundred tickets); the comparison is per open record.
    """
    Complaint = "quality.complaint"

    def open_counts(env):
        cases = env[Complaint].search_count(OPEN_CASES)
        overdue = env[Complaint].search_count(
            env[Complaint]._overdue_domain(datetime.now(UTC).replace(tzinfo=None))
        )
        tickets = env["helpdesk.ticket"].search(OPEN_TICKETS, order="id").ids
        return cases, overdue, tickets

    with bench.env() as env:
        open_cases, overdue_cases, open_ticket_ids = open_counts(env)
    step = max(1, len(open_ticket_ids) // peer_sla_sample)
    sample = open_ticket_ids[::step][:peer_sla_sample]

    def job(env, _state):
        """The scheduled job itself, its commits replaced by what a commit does
        to the ORM (flush, then an empty cache) so that the run rolls back."""

        def commit_progress(cron, processed=0, **kwargs):
            cron.env.flush_all()
            cron.env.invalidate_all()
            return float("inf")

        with patch.object(type(env["ir.cron"]), "_commit_progress", commit_progress):
            env[Complaint]._cron_process_overdue()

    def batch_of(count):
        """A batch of `count` overdue cases of any handlers. A batch flags its
        cases and issues their notices; the people are told once per run,
        after the last batch."""

        def setup(env):
            Model = env[Complaint]
            return Model.search(
                Model._overdue_domain(datetime.now(UTC).replace(tzinfo=None)), limit=count
            ).ids

        def run(env, ids):
            env[Complaint].browse(ids)._process_overdue(datetime.now(UTC).replace(tzinfo=None))

        return setup, run

    def peer_job(env, _state):
        env["helpdesk.ticket"].browse(sample).set_sla()

    heavy = min(bench.repeats, 3)
    ours = bench.measure(job, repeats=heavy)
    # The job runs every hour: after its first pass over a backlog it only
    # checks that each notice exists. Timed after an untimed first pass.
    recurring = bench.measure(job, setup=lambda env: job(env, None), repeats=heavy)
    peer = bench.measure(peer_job, repeats=heavy, warm_up=False)
    # The job's batch size, importable once the registry has loaded the module.
    from odoo.addons.quality_complaint.models.quality_complaint import OVERDUE_BATCH  # noqa: PLC0415

    batches = {}
    for label, count in (("1 case", 1), (f"{OVERDUE_BATCH} cases", OVERDUE_BATCH)):
        setup, run = batch_of(count)
        batches[label] = bench.measure(run, setup=setup)
    ours_per_case = ours["median_ms"] / open_cases
    peer_per_ticket = peer["median_ms"] / len(sample)
    return {
        "label": "Overdue job over all open cases / peer set_sla()",
        "ours": ours,
        "peer": peer,
        "open_cases": open_cases,
        "overdue_cases": overdue_cases,
        "open_tickets": len(open_ticket_ids),
        "peer_sample": len(sample),
        "ours_ms_per_open_case": round(ours_per_case, 3),
        "recurring": recurring,
        "ours_recurring_ms_per_open_case": round(recurring["median_ms"] / open_cases, 3),
        "peer_ms_per_open_ticket": round(peer_per_ticket, 3),
        "peer_queries_per_ticket": round(peer["queries"] / len(sample), 1),
        "batch_size": OVERDUE_BATCH,
        "queries_per_batch": {label: result["queries"] for label, result in batches.items()},
        "ms_per_batch": {label: result["median_ms"] for label, result in batches.items()},
    }


CREATED = 50


def measure_create(bench):
    """50 records created one by one, as 50 users would, with tracking on."""

    def setup(env):
        return {
            "partners": env["res.partner"].search([("is_company", "=", True)], limit=CREATED).ids,
            "case_category": env["quality.complaint.category"].search([], limit=1).id,
            "team": env["helpdesk.ticket.team"].search([], limit=1).id,
            "ticket_category": env["helpdesk.ticket.category"].search([], limit=1).id,
        }

    def ours(env, state):
        for index, partner_id in enumerate(state["partners"]):
            env["quality.complaint"].create(
                {
                    "description": f"Benchmark case {index}: the lead content in the report is wrong.",
                    "summary": "Lead content disputed",
                    "channel": "phone",
                    "category_id": state["case_category"],
                    "partner_id": partner_id,
                    "complainant_name": "Ms. Li",
                    "complainant_email": "li@customer.example",
                    "report_ref": f"R-B{index}",
                }
            )

    def peer(env, state):
        for index, partner_id in enumerate(state["partners"]):
            env["helpdesk.ticket"].create(
                {
                    "name": "Lead content disputed",
                    "description": f"<p>Benchmark ticket {index}: the lead content in the report is wrong.</p>",
                    "team_id": state["team"],
                    "category_id": state["ticket_category"],
                    "partner_id": partner_id,
                }
            )

    result = {"label": f"Creating {CREATED} records, one by one"}
    result["ours"] = bench.measure(ours, setup=setup)
    result["peer"] = bench.measure(peer, setup=setup)
    result["ours_queries_per_record"] = round(result["ours"]["queries"] / CREATED, 1)
    result["peer_queries_per_record"] = round(result["peer"]["queries"] / CREATED, 1)
    return result


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------
def ratio(numerator, denominator):
    """Two decimals, three below 0.1 so that 1/50 (0.02) targets stay readable."""
    if not denominator:
        return None
    value = numerator / denominator
    return round(value, 3 if value < 0.1 else 2)


def fmt_run(result):
    if not result:
        return "-"
    return f"{result['median_ms']:.1f} / {result['min_ms']:.1f} ms, {result['queries']} q"


def verdicts(rows):
    """The targets of issue 7, each with the figures it was judged on."""
    checks = []
    for key in ("kanban_open", "kanban_all"):
        row = rows[key]
        vs_peer = ratio(row["ours"]["median_ms"], row["peer"]["median_ms"])
        vs_sql = ratio(row["ours"]["median_ms"], row["sql"]["median_ms"])
        checks.append((f"{row['label']} ≤ 1.0x peer", vs_peer, vs_peer is not None and vs_peer <= 1.0))
        checks.append((f"{row['label']} ≤ 3x raw SQL", vs_sql, vs_sql is not None and vs_sql <= 3.0))
    row = rows["statistics"]
    vs_sql = ratio(row["ours"]["median_ms"], row["sql"]["median_ms"])
    checks.append(("Statistics ≤ 3x raw SQL", vs_sql, vs_sql is not None and vs_sql <= 3.0))
    overdue = rows["overdue"]
    per_case = ratio(overdue["ours_ms_per_open_case"], overdue["peer_ms_per_open_ticket"])
    checks.append(
        (
            "Overdue job per open case ≤ 1/50 of peer set_sla(), first run over the backlog",
            per_case,
            per_case <= 0.02,
        )
    )
    recurring = ratio(overdue["ours_recurring_ms_per_open_case"], overdue["peer_ms_per_open_ticket"])
    checks.append(
        ("Overdue job per open case ≤ 1/50 of peer set_sla(), hourly run", recurring, recurring <= 0.02)
    )
    per_batch = overdue["queries_per_batch"]
    size = overdue["batch_size"]
    one, full = per_batch["1 case"], per_batch[f"{size} cases"]
    checks.append(
        (
            f"Overdue queries per batch independent of its cases (1 vs {size})",
            f"{one} vs {full}",
            full == one,
        )
    )
    create = rows["create"]
    checks.append(
        (
            "Creating a case ≤ 60 queries",
            create["ours_queries_per_record"],
            create["ours_queries_per_record"] <= 60,
        )
    )
    return checks


def markdown(results, machine):
    lines = [
        "# quality_complaint benchmark",
        "",
        f"{machine['date']} · {machine['cpus']} CPUs · {machine['python']} · PostgreSQL {machine['postgres']} · "
        f"{machine['repeats']} runs per measure after a warm-up (heavy jobs: up to 3). "
        "Cells: median / min, queries of one run. Ratios use medians.",
        "",
    ]
    sizes = sorted(results, key=int)
    for size in sizes:
        rows = results[size]["rows"]
        lines += [
            f"## {int(size):,} cases, {int(size):,} helpdesk tickets",
            "",
            "| measure | quality_complaint | helpdesk_mgmt | raw SQL | x peer | x SQL |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for key, row in rows.items():
            if "skipped" in row:
                lines.append(f"| {row['label']} | skipped: {row['skipped']} | | | | |")
                continue
            ours, peer, raw = row.get("ours"), row.get("peer"), row.get("sql")
            vs_peer = ratio(ours["median_ms"], peer["median_ms"]) if peer else None
            vs_sql = ratio(ours["median_ms"], raw["median_ms"]) if raw else None
            if key == "overdue":
                vs_peer = ratio(row["ours_ms_per_open_case"], row["peer_ms_per_open_ticket"])
            lines.append(
                f"| {row['label']} | {fmt_run(ours)} | {fmt_run(peer)} | {fmt_run(raw)} | "
                f"{vs_peer if vs_peer is not None else '-'} | {vs_sql if vs_sql is not None else '-'} |"
            )
        overdue, create = rows["overdue"], rows["create"]
        lines += [
            "",
            f"- Overdue job: {overdue['open_cases']:,} open cases ({overdue['overdue_cases']:,} overdue), "
            f"{overdue['ours_ms_per_open_case']} ms per open case on the first run (every overdue case gets its "
            f"notice, then its handler an activity and each supervisor one notice listing theirs), "
            f"{overdue['ours_recurring_ms_per_open_case']} ms per open case "
            f"on the hourly runs after it ({fmt_run(overdue['recurring'])}). Queries (ms) per batch: "
            + ", ".join(
                f"{label}: {queries} ({overdue['ms_per_batch'][label]} ms)"
                for label, queries in overdue["queries_per_batch"].items()
            )
            + ". "
            f"Peer: set_sla() on {overdue['peer_sample']:,} of {overdue['open_tickets']:,} open tickets, "
            f"{overdue['peer_ms_per_open_ticket']} ms and {overdue['peer_queries_per_ticket']} queries per ticket "
            "(x peer is per open record).",
            f"- Creating: {create['ours_queries_per_record']} queries per case, "
            f"{create['peer_queries_per_record']} per ticket.",
            "",
            "| target | value | met |",
            "| --- | --- | --- |",
        ]
        for label, value, met in verdicts(rows):
            lines.append(f"| {label} | {value} | {'yes' if met else '**no**'} |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--peer-sla-sample", type=int, default=int(os.environ.get("BENCH_PEER_SLA_SAMPLE", "2000"))
    )
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        [
            f"--addons-path={args.addons_path}",
            f"--data-dir={args.data_dir}",
            "--db_host=",
            "--http-interface=127.0.0.1",
            "--log-level=warn",
        ]
    )
    odoo.netsvc.init_logger()
    logging.getLogger("bench").setLevel(logging.INFO)
    logging.getLogger("bench.seed").setLevel(logging.INFO)
    results = {}
    for size in (int(value) for value in args.sizes.split(",")):
        db = f"qc_bench_{size}"
        registry = Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            counts = None
            if not env["quality.complaint"].search_count([], limit=1):
                _logger.info("seeding %s", db)
                counts = seed.seed(env, size)
        bench = Bench(registry, args.repeats)
        _logger.info("measuring %s", db)
        results[str(size)] = {"seeded": counts, "rows": measure_size(bench, size, args.peer_sla_sample)}
    with Registry(db).cursor() as cr:
        cr.execute("SHOW server_version")
        postgres = cr.fetchone()[0]
    machine = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgres": postgres,
        "repeats": args.repeats,
        "load_average": os.getloadavg(),
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps({"machine": machine, "results": results}, indent=1, default=str)
    )
    report = markdown(results, machine)
    (out / "latest.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
