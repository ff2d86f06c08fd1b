import hashlib
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.quality_workflow_mixin import StepRequired
from .common import ComplaintCase

NOW = datetime(2026, 3, 20, 2, 0)


@tagged("post_install", "-at_install")
class TestRecurrenceCluster(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Cluster = cls.env["quality.complaint.cluster"]
        cls.categories = [
            cls.env.ref(f"quality_complaint.category_{name}")
            for name in ("turnaround", "fees", "attitude", "sampling", "other")
        ]
        cls.users["quality"].lang = "zh_CN"

    def valid_cases(self, count, company=None, **values):
        """`count` valid cases, of no category and each of its own description unless told."""
        cases = self.Complaint
        for index in range(count):
            case_values = {
                "category_id": False,
                # Descriptions that share no more than chance trigrams.
                "description": hashlib.sha256(f"{id(cases)}-{index}-{values}".encode()).hexdigest(),
                "received_date": NOW - timedelta(days=10 + index % 20),
                **values,
            }
            if company:
                case_values["company_id"] = company.id
            cases |= self.make_case(**case_values)
        cases._qc_import_history({"validity": "valid"})
        return cases

    def find(self, now=NOW):
        return self.Cluster._qc_find_clusters(self.env["res.company"].search([]), now=now)

    def managers(self):
        return (
            self.env.ref("quality_complaint.group_quality_manager")._qc_active_users()
            - self.env.ref("quality_complaint.group_top_management")._qc_active_users()
        )

    def report_cluster(self, report_ref="R-77"):
        return self.Cluster.search([("key_field", "=", "report_ref"), ("key_text", "=", report_ref)])

    # The job ---------------------------------------------------------------
    def test_cases_sharing_a_report_make_one_cluster_proposed_to_the_quality_managers(self):
        cases = self.valid_cases(2, report_ref="R-77") | self.valid_cases(1, report_ref=" r-77 ")
        self.valid_cases(2, report_ref="R-78")
        created = self.find()
        cluster = self.report_cluster()
        self.assertEqual(created, cluster)
        self.assertEqual(cluster.complaint_ids, cases)
        self.assertEqual(cluster.case_count, 3)
        self.assertEqual(cluster.state, "proposed")
        self.assertEqual(cluster.proposed_action, "capa")
        self.assertEqual(cluster.company_id, self.company)
        self.assertEqual(cluster.period_start, (NOW - timedelta(days=90)).date())
        self.assertEqual(cases[0].cluster_ids, cluster)
        activity = cluster.activity_ids.filtered(lambda activity: activity.user_id == self.users["quality"])
        self.assertEqual(len(activity), 1)
        self.assertIn("重复投诉", activity.summary)
        self.assertFalse(
            cluster.activity_ids.user_id & (self.users["top"] | self.env.ref("base.user_admin")),
            "top management hold the role too, the quality managers decide",
        )

    def test_dates_are_the_lab_s_own_whoever_runs_the_job(self):
        # 00:30 on 21 March in Shanghai is still 20 March in UTC.
        now = datetime(2026, 3, 20, 16, 30)
        self.valid_cases(3, report_ref="R-77")
        self.find(now=now)
        cluster = self.report_cluster()
        self.assertEqual(cluster.period_end, datetime(2026, 3, 21).date())
        self.assertEqual(cluster.period_start, datetime(2025, 12, 21).date())
        self.assertEqual(set(cluster.activity_ids.mapped("date_deadline")), {cluster.period_end})

    def test_threshold_and_period_come_from_the_settings(self):
        self.valid_cases(2, report_ref="R-77")
        self.valid_cases(1, report_ref="R-77", received_date=NOW - timedelta(days=120))
        self.assertFalse(self.find())
        settings = self.env["quality.complaint.settings"]._qc_of(self.company)
        settings.write({"cluster_min_cases": 2})
        self.assertEqual(self.find().case_count, 2)
        settings.write({"cluster_days": 150, "cluster_action": "nonconforming"})
        self.find()
        self.assertEqual(self.report_cluster().case_count, 3)

    def test_only_valid_cases_join(self):
        cases = self.valid_cases(2, report_ref="R-77")
        pending = self.make_case(report_ref="R-77", received_date=NOW - timedelta(days=3))
        self.assertFalse(self.find())
        pending._qc_import_history({"validity": "invalid"})
        self.assertFalse(self.find())
        (cases | pending)._qc_import_history({"validity": "valid"})
        self.assertEqual(self.find().complaint_ids, cases | pending)

    def test_categories_gather_too(self):
        category = self.categories[0]
        cases = self.valid_cases(3, category_id=category.id)
        cluster = self.find()
        self.assertEqual(cluster.key_field, "category_id")
        self.assertEqual(cluster.category_id, category)
        self.assertEqual(cluster.complaint_ids, cases)

    def test_shared_records_and_method_make_clusters_the_broader_one_only_when_it_adds_cases(self):
        product = self.env["product.product"].create({"name": "Drinking water"})
        cases = self.valid_cases(3, product_id=product.id, test_method="GB/T 5009.12-2017")
        self.find()
        clusters = self.Cluster.search([("complaint_ids", "in", cases.ids)])
        self.assertEqual(clusters.mapped("key_field"), ["test_method"], "the product gathers the same cases")
        self.assertEqual(clusters.key_text, "GB/T 5009.12-2017")
        more = self.valid_cases(1, product_id=product.id)
        self.find()
        product_cluster = self.Cluster.search([("key_field", "=", "product_id")])
        self.assertEqual(product_cluster.product_id, product)
        self.assertEqual(product_cluster.complaint_ids, cases | more)
        self.assertIn("Drinking water", product_cluster.key_display)

    def test_near_identical_descriptions_make_a_cluster(self):
        text = "报告 W-2026-0051 的氟化物结果偏高一倍，与在线监测数据不符，要求核查计算表。"
        cases = self.valid_cases(2, description=text) | self.valid_cases(
            1, description=text.replace("一倍", "约一倍")
        )
        self.valid_cases(3)
        self.find()
        cluster = self.Cluster.search([("key_field", "=", "description")])
        self.assertEqual(cluster.complaint_ids, cases)

    def test_a_cluster_is_not_proposed_twice_it_gathers_the_new_cases(self):
        self.valid_cases(3, report_ref="R-77")
        cluster = self.find()
        self.assertFalse(self.find(), "nothing new")
        late = self.valid_cases(1, report_ref="R-77", received_date=NOW - timedelta(days=1))
        self.assertFalse(self.find())
        self.assertEqual(cluster.case_count, 4)
        self.assertIn(late, cluster.complaint_ids)
        self.assertEqual(len(cluster.activity_ids), len(self.managers()), "no second to-do")

    def test_a_decided_cluster_gathers_the_period_s_new_cases_without_a_new_proposal(self):
        self.valid_cases(3, report_ref="R-77")
        cluster = self.find()
        with freeze_time(NOW):
            cluster.with_user(self.users["quality"]).dismiss("Three typing errors, already corrected.")
        late = self.valid_cases(1, report_ref="R-77", received_date=NOW - timedelta(days=1))
        self.assertFalse(self.find())
        self.assertIn(late, cluster.complaint_ids)
        self.assertEqual(cluster.state, "dismissed")
        # Decided before the period of a later run: the recurrence is proposed again.
        self.valid_cases(3, report_ref="R-77", received_date=NOW + timedelta(days=100))
        again = self.find(now=NOW + timedelta(days=101))
        self.assertEqual(again.key_text, "R-77")
        self.assertEqual(again.case_count, 3)

    def test_retaliation_reports_never_join(self):
        self.valid_cases(2, report_ref="R-77")
        self.valid_cases(1, report_ref="R-77", kind="retaliation", concerns_lab="yes")
        self.assertFalse(self.find())

    def test_another_company_s_cases_never_join(self):
        other = self.env["res.company"].create({"name": "Second lab"})
        ours = self.valid_cases(3, report_ref="R-77")
        theirs = self.valid_cases(2, company=other, report_ref="R-77")
        self.find()
        self.assertEqual(self.report_cluster().complaint_ids, ours)
        self.valid_cases(1, company=other, report_ref="R-77")
        self.find()
        clusters = self.report_cluster()
        self.assertEqual(len(clusters), 2)
        their_cluster = clusters.filtered(lambda cluster: cluster.company_id == other)
        self.assertEqual(len(their_cluster.complaint_ids), 3)
        self.assertIn(theirs[0], their_cluster.complaint_ids)
        self.assertFalse(their_cluster.complaint_ids & ours)

    def test_queries_do_not_grow_with_the_cases(self):
        self.valid_cases(3, report_ref="R-warm-up")
        self.find()
        self.valid_cases(3, report_ref="R-3")
        # Counted as assertQueryCount counts: from a flushed, empty cache to
        # the last pending write flushed.
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        self.assertEqual(self.find().case_count, 3)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - queries
        self.valid_cases(30, report_ref="R-30")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            created = self.find()
        self.assertEqual(created.case_count, 30)

    # The decision ------------------------------------------------------------
    def test_the_quality_manager_creates_the_corrective_action_of_the_cluster(self):
        cases = self.valid_cases(3, report_ref="R-77")
        cluster = self.find()
        result = (
            cluster.with_user(self.users["quality"])
            .with_context(default_state="closed", default_source="audit")
            .action_create_capa()
        )
        capa = self.env["quality.corrective.action"].browse(result["res_id"])
        self.assertEqual(cluster.capa_id, capa)
        self.assertEqual(cluster.state, "action_created")
        self.assertEqual(cluster.decided_by_id, self.users["quality"])
        self.assertTrue(cluster.decided_date)
        self.assertEqual(capa.state, "draft")
        self.assertEqual(capa.source, "complaint")
        self.assertEqual(capa.complaint_id, cases.sorted("received_date")[-1])
        self.assertEqual(capa.create_uid, self.users["quality"])
        self.assertTrue(capa.management_review_input)
        for case in cases:
            self.assertIn(case.name, capa.problem_what)
        self.assertEqual(capa.cluster_ids, cluster)
        self.assertEqual(cluster.action_state, "Draft")
        self.assertFalse(cluster.activity_ids, "one decision answers every quality manager's to-do")

    def test_the_quality_manager_creates_nonconforming_work_of_the_cluster(self):
        department = self.env["quality.complaint.department"].create({"name": "Chemistry"})
        self.valid_cases(3, report_ref="R-77", department_id=department.id)
        self.find()
        cluster = self.report_cluster()
        cluster.with_user(self.users["quality"]).action_create_nonconforming()
        work = cluster.nonconforming_id
        self.assertEqual(work.state, "draft")
        self.assertEqual(work.department_id, department)
        self.assertEqual(work.company_id, self.company)
        self.assertEqual(work.cluster_ids, cluster)

    def test_only_the_quality_manager_decides(self):
        self.valid_cases(3, report_ref="R-77")
        cluster = self.find()
        for role in ("technical", "supervisor", "auditor"):
            with self.assertRaisesRegex(UserError, "Only the role"):
                cluster.with_user(self.users[role]).action_create_capa()
            with self.assertRaisesRegex(UserError, "Only the role"):
                cluster.with_user(self.users[role]).action_create_nonconforming()
            with self.assertRaisesRegex(UserError, "Only the role"):
                cluster.with_user(self.users[role]).dismiss("Not ours.")
        self.assertFalse(
            self.env["quality.corrective.action"].search([("complaint_id", "in", cluster.complaint_ids.ids)])
        )
        self.assertEqual(cluster.state, "proposed")

    def test_a_dismissal_needs_its_reason_and_is_final(self):
        self.valid_cases(3, report_ref="R-77")
        cluster = self.find()
        manager = cluster.with_user(self.users["quality"])
        with self.assertRaisesRegex(UserError, "Say why"):
            manager.dismiss("  ")
        wizard = (
            self.env["quality.complaint.cluster.dismiss"]
            .with_user(self.users["quality"])
            .create({"cluster_id": cluster.id, "reason": "Typing errors of one clerk, already retrained."})
        )
        wizard.action_confirm()
        self.assertEqual(cluster.state, "dismissed")
        self.assertEqual(cluster.dismiss_reason, "Typing errors of one clerk, already retrained.")
        with self.assertRaisesRegex(UserError, "is Dismissed"):
            manager.action_create_capa()
        with self.assertRaises(UserError):
            manager.unlink()
        with self.assertRaises(UserError):
            cluster.sudo().unlink()

    def test_decision_fields_are_never_written_directly(self):
        self.valid_cases(3, report_ref="R-77")
        cluster = self.find()
        capa = self.env["quality.corrective.action"].create(
            {"title": "Other", "source": "complaint", "complaint_id": cluster.complaint_ids[0].id}
        )
        manager = cluster.with_user(self.users["quality"])
        for values in (
            {"state": "dismissed"},
            {"capa_id": capa.id},
            {"dismiss_reason": "No."},
            {"decided_by_id": self.users["quality"].id},
        ):
            with self.assertRaises(StepRequired):
                manager.write(values)
            with self.assertRaises(StepRequired):
                cluster.sudo().write(values)
        with self.assertRaises(StepRequired):
            capa.write({"cluster_ids": [Command.link(cluster.id)]})
        self.assertEqual(cluster.state, "proposed")

    def test_the_case_list_is_the_job_s_alone(self):
        cases = self.valid_cases(3, report_ref="R-77")
        stranger = self.valid_cases(1)
        cluster = self.find()
        with self.assertRaises(StepRequired):
            cluster.with_user(self.users["quality"]).write({"complaint_ids": [Command.link(stranger.id)]})
        with self.assertRaises(StepRequired):
            cluster.sudo().write({"complaint_ids": [Command.unlink(cases[0].id)], "case_count": 2})
        with self.assertRaises(StepRequired):
            cluster.with_user(self.users["technical"]).write({"complaint_ids": [Command.link(stranger.id)]})
        # The case's side is computed from the clusters: writing it changes nothing.
        stranger.with_user(self.users["quality"]).write({"cluster_ids": [Command.link(cluster.id)]})
        cluster.invalidate_recordset()
        self.assertEqual(cluster.complaint_ids, cases)
        with self.assertRaises(StepRequired):
            self.Cluster.with_user(self.users["quality"]).create(
                {"company_id": self.company.id, "key_field": "report_ref", "key_text": "R-1"}
            )
        with self.assertRaises(StepRequired):
            self.Cluster.create({"company_id": self.company.id, "key_field": "report_ref", "key_text": "R-1"})

    def test_departments_do_not_see_clusters(self):
        self.valid_cases(3, report_ref="R-77")
        cluster = self.find()
        with self.assertRaises(AccessError):
            cluster.with_user(self.users["department"]).read(["name"])
        self.assertEqual(cluster.with_user(self.users["auditor"]).case_count, 3)

    # The management review ---------------------------------------------------
    def test_the_management_review_lists_the_period_s_clusters_and_what_was_done(self):
        self.valid_cases(3, report_ref="R-77")
        self.valid_cases(3, report_ref="R-78")
        self.find()
        done, dismissed = self.report_cluster("R-77"), self.report_cluster("R-78")
        done.with_user(self.users["quality"]).action_create_capa()
        dismissed.with_user(self.users["quality"]).dismiss("Typing errors of one clerk, already retrained.")
        # The dashboard's period is its reader's days (time zone), not the UTC date.
        today = fields.Date.context_today(self.env["quality.complaint.dashboard"])
        dashboard = self.env["quality.complaint.dashboard"].create(
            {"date_from": today - timedelta(days=30), "date_to": today, "company_id": self.company.id}
        )
        self.assertLessEqual(done | dismissed, dashboard.cluster_review_ids)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("quality_complaint.action_report_management_review", dashboard.ids)[0]
            .decode()
        )
        self.assertIn("Recurring complaints", html)
        self.assertIn(done.name, html)
        self.assertIn(done.capa_id.name, html)
        self.assertIn("Typing errors of one clerk", html)
        last_year = self.env["quality.complaint.dashboard"].create(
            {"date_from": today - timedelta(days=400), "date_to": today - timedelta(days=370)}
        )
        self.assertFalse(last_year.cluster_review_ids & (done | dismissed))
