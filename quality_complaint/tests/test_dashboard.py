from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ComplaintCase

FIRST_HALF_2025 = (date(2025, 1, 1), date(2025, 6, 30))


@tagged("post_install", "-at_install")
class TestDashboard(ComplaintCase):
    """Tiles and series of the dashboard on a lab of their own, against figures
    worked out by hand; each role and company sees its own numbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lab = cls.env["res.company"].create({"name": "Dashboard lab"})
        cls.lab.resource_calendar_id.tz = "Asia/Shanghai"
        for user in cls.users.values():
            user.company_ids |= cls.lab
        cls.in_lab = {"allowed_company_ids": [cls.lab.id]}
        env = cls.env(context=dict(cls.env.context, **cls.in_lab))
        Complaint = env["quality.complaint"]
        turnaround = cls.env.ref("quality_complaint.category_turnaround")
        fees = cls.env.ref("quality_complaint.category_fees")

        def case(received, state="new", history=None, **values):
            record = Complaint.create(
                {"description": "Dashboard fixture", "received_date": received, **values}
            )
            record._qc_import_history({"state": state, **(history or {})})
            return record

        # Received in May 2024: last year's history begins then.
        case(datetime(2024, 5, 6, 2, 0), "closed", category_id=fees.id, channel="letter")
        # March 2025: acknowledged within the hour, replied after 3 working days.
        cls.replied = case(datetime(2025, 3, 3, 2, 0), "closed", category_id=turnaround.id, channel="email")
        cls.replied._qc_import_history(
            {"ack_date": datetime(2025, 3, 3, 3, 0), "reply_date": date(2025, 3, 6)}
        )
        # May 2025: one acknowledged 28 hours late, one never acknowledged; both still open and overdue.
        cls.late = case(datetime(2025, 5, 5, 2, 0), "acknowledged", category_id=fees.id, channel="phone")
        cls.late._qc_import_history({"ack_date": datetime(2025, 5, 6, 6, 0)})
        cls.unacknowledged = case(datetime(2025, 5, 6, 2, 0), category_id=fees.id, channel="phone")

        # The open work of today.
        now = fields.Datetime.now()
        cls.fresh = case(now, category_id=turnaround.id)
        cls.major = case(now, "investigation", severity="major", category_id=turnaround.id)
        cls.authority = case(
            now, "investigation", channel="authority", source_detail="CNAS", category_id=turnaround.id
        )
        by_technical = {"decider_id": cls.users["technical"].id}
        cls.to_approve = case(now, "decision", by_technical, category_id=turnaround.id)
        cls.to_approve_by_top = case(
            now, "decision", by_technical, severity="major", category_id=turnaround.id
        )
        cls.decided_by_quality = case(
            now, "decision", {"decider_id": cls.users["quality"].id}, category_id=turnaround.id
        )
        cls.quality_involved = case(
            now,
            "decision",
            {**by_technical, "involved_user_ids": [(4, cls.users["quality"].id)]},
            category_id=turnaround.id,
        )

        # Ratings: March 2025 a 5 and a 3, May 2025 a 4.
        questions = env["quality.satisfaction.question"].create(
            [{"name": "Report quality", "is_default": False}, {"name": "Price", "is_default": False}]
        )
        survey = env["quality.satisfaction.survey"].create(
            {
                "name": "Dashboard 2025",
                "survey_type": "periodic",
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 6, 30),
                "question_ids": [(6, 0, questions.ids)],
                "company_id": cls.lab.id,
            }
        )
        for answered, ratings in ((datetime(2025, 3, 10, 2, 0), [5, 3]), (datetime(2025, 5, 12, 2, 0), [4])):
            response = env["quality.satisfaction.response"].create(
                {"survey_id": survey.id, "email": "c@example.com"}
            )
            response._qc_import_history(
                {
                    "invite_date": answered - timedelta(days=5),
                    "state": "answered",
                    "answer_date": answered,
                    "line_ids": [
                        (0, 0, {"question_id": question.id, "rating": rating})
                        for question, rating in zip(questions, ratings, strict=False)
                    ],
                }
            )

        # Corrective actions: one due in two days, one late, one due in 2099, one still a draft.
        # The dashboard's today is its reader's (time zone): the UTC date differs for hours of the day.
        today = fields.Date.context_today(
            cls.env["quality.complaint.dashboard"].with_user(cls.users["quality"])
        )

        def capa(due, state="open"):
            return env["quality.corrective.action"]._qc_import_records(
                [
                    {
                        "title": "Late certificates",
                        "source": "audit",
                        "source_document": "IA-2025-02",
                        "company_id": cls.lab.id,
                        "state": state,
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": "Act",
                                    "responsible_id": cls.users["department"].id,
                                    "due_date": due,
                                },
                            )
                        ],
                    }
                ]
            )

        cls.capa_due = capa(today + timedelta(days=2))
        cls.capa_late = capa(today - timedelta(days=1))
        capa(date(2099, 1, 1))
        capa(today, state="draft")

    def overview(self, role, companies=None, period="this_year"):
        user = self.users[role]
        context = {"allowed_company_ids": (companies or self.lab).ids}
        return (
            self.env["quality.complaint.dashboard"]
            .with_user(user)
            .with_context(**context)
            .get_overview(period)
        )

    def statistics(self, period=FIRST_HALF_2025):
        return (
            self.env["quality.complaint.dashboard"]
            .with_context(**self.in_lab)
            ._qc_statistics(*period, self.lab)
        )

    # === TILES === #

    def test_tiles_count_the_open_work(self):
        tiles = {tile["key"]: tile for tile in self.overview("quality")["tiles"]}
        self.assertEqual(
            {key: tile["value"] for key, tile in tiles.items()},
            {"open": 9, "overdue": 2, "major": 2, "approval": 1, "authority": 1, "capa": 2},
        )
        self.assertEqual(tiles["open"]["hint"], "2 new, to acknowledge")
        self.assertEqual(tiles["major"]["hint"], "0 critical")
        self.assertEqual(tiles["capa"]["hint"], "1 past their due date")
        self.assertEqual(tiles["capa"]["tone"], "danger")
        deadline = self.authority.authority_deadline
        self.assertIn(str(deadline.year), tiles["authority"]["hint"], "dates with their year")

    def test_each_tile_opens_the_list_of_what_it_counts(self):
        for tile in self.overview("quality")["tiles"]:
            with self.subTest(tile=tile["key"]):
                action = tile["action"]
                self.assertEqual(action["type"], "ir.actions.act_window")
                self.assertEqual(action["name"], tile["label"])
                records = (
                    self.env[action["res_model"]].with_user(self.users["quality"]).with_context(**self.in_lab)
                )
                self.assertEqual(records.search_count(action["domain"]), tile["value"])
        approval = next(tile for tile in self.overview("quality")["tiles"] if tile["key"] == "approval")
        self.assertEqual(
            self.Complaint.with_context(**self.in_lab).search(approval["action"]["domain"]), self.to_approve
        )

    def test_approval_waits_on_whoever_may_approve(self):
        """Top management approves major cases too; nobody sees their own decision or a case they are involved in."""
        top = {tile["key"]: tile["value"] for tile in self.overview("top")["tiles"]}
        self.assertEqual(top["approval"], 4)  # the quality manager's own decision and involvement included
        auditor = {tile["key"] for tile in self.overview("auditor")["tiles"]}
        self.assertNotIn("approval", auditor, "an auditor approves nothing")
        self.assertIn("open", auditor)

    def test_each_company_sees_its_own_cases(self):
        main = self.env.company
        both = {tile["key"]: tile["value"] for tile in self.overview("quality", main | self.lab)["tiles"]}
        lab = {tile["key"]: tile["value"] for tile in self.overview("quality")["tiles"]}
        main_open = self.Complaint.with_user(self.users["quality"]).search_count(
            [("state", "not in", ("closed", "cancelled")), ("company_id", "=", main.id)]
        )
        self.assertEqual(both["open"], lab["open"] + main_open)
        self.assertEqual(self.overview("quality", main)["figures"][0]["key"], "case_count")

        outsider = new_test_user(
            self.env,
            login="qc_other_lab_manager",
            groups="quality_complaint.group_quality_manager",
            company_id=main.id,
            company_ids=[main.id],
        )
        Dashboard = self.env["quality.complaint.dashboard"].with_user(outsider)
        with self.assertRaises(AccessError):
            Dashboard.with_context(allowed_company_ids=[self.lab.id]).get_overview("this_year")
        with self.assertRaises(AccessError):
            Dashboard.create({"company_id": self.lab.id})
        tiles = {tile["key"]: tile["value"] for tile in Dashboard.get_overview("this_year")["tiles"]}
        self.assertEqual(tiles["open"], main_open, "only the cases of the outsider's own lab")

    def test_departments_have_no_dashboard(self):
        with self.assertRaises(AccessError):
            self.overview("department")

    def test_the_dashboard_costs_the_same_queries_for_few_and_many_cases(self):
        Dashboard = (
            self.env["quality.complaint.dashboard"]
            .with_user(self.users["quality"])
            .with_context(**self.in_lab)
        )
        Dashboard.get_overview("last_12_months")  # caches warmed: groups, settings, translations
        self.env.invalidate_all()
        # 24: one of them counts the customer inquiries of the period.
        with self.assertQueryCount(24):
            Dashboard.get_overview("last_12_months")
        self.Complaint.with_context(**self.in_lab).create(
            [
                {"description": "Load", "received_date": fields.Datetime.now(), "severity": "major"}
                for _i in range(30)
            ]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(24):
            Dashboard.get_overview("last_12_months")

    # === SERIES === #

    def test_monthly_series_against_the_year_before(self):
        statistics = self.statistics()
        self.assertEqual(statistics["months"][0], date(2025, 1, 1))
        self.assertEqual(len(statistics["months"]), 6)
        self.assertEqual(statistics["cases"], [0, 0, 1, 0, 2, 0])
        self.assertEqual(
            statistics["previous_cases"], [None, None, None, None, 1, 0], "nothing recorded before May 2024"
        )
        self.assertEqual(statistics["ack_on_time"], [None, None, 100.0, None, 0.0, None])
        self.assertEqual(statistics["reply_on_time"], [None, None, 100.0, None, None, None])
        self.assertEqual(statistics["satisfaction"], [None, None, 50.0, None, 100.0, None])
        self.assertEqual(statistics["previous_satisfaction"], [None] * 6)
        figures = statistics["figures"]
        self.assertEqual((figures["case_count"], figures["previous_case_count"]), (3, 1))
        self.assertAlmostEqual(figures["case_trend"], 200.0)
        self.assertAlmostEqual(figures["satisfaction_rate"], 200 / 3)
        self.assertIsNone(figures["previous_satisfaction_rate"])

    def test_breakdowns_by_category_and_channel(self):
        statistics = self.statistics()
        self.assertEqual(statistics["by_category"], [("Fees", 2), ("Turnaround time", 1)])
        self.assertEqual(statistics["by_channel"], [("Phone", 2), ("E-mail", 1)])

    def test_no_history_shows_a_dash_not_a_zero(self):
        Dashboard = self.env["quality.complaint.dashboard"].with_context(**self.in_lab)
        statistics = self.statistics((date(2024, 1, 1), date(2024, 4, 30)))
        self.assertEqual(statistics["cases"], [None] * 4, "the lab recorded nothing yet")
        rows = {row["key"]: row for row in Dashboard._qc_figure_rows(statistics["figures"])}
        self.assertEqual(rows["case_count"]["value"], "0")
        self.assertEqual((rows["case_count"]["previous"], rows["case_count"]["trend"]), ("—", ""))
        self.assertEqual(rows["valid_rate"]["value"], "—")
        self.assertEqual(rows["satisfaction_rate"]["previous"], "—")
        charts = {chart["key"]: chart for chart in Dashboard._qc_charts(statistics)}
        self.assertTrue(charts["monthly"]["empty"])
        rows = {row["key"]: row for row in Dashboard._qc_figure_rows(self.statistics()["figures"])}
        self.assertEqual(
            (rows["case_count"]["value"], rows["case_count"]["previous"], rows["case_count"]["trend"]),
            ("3", "1", "+200.0 %"),
        )

    def test_charts_are_labelled_with_the_year_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        Dashboard = self.env["quality.complaint.dashboard"].with_context(lang="zh_CN", **self.in_lab)
        statistics = Dashboard._qc_statistics(*FIRST_HALF_2025, self.lab)
        charts = {chart["key"]: chart for chart in Dashboard._qc_charts(statistics)}
        self.assertEqual(charts["monthly"]["labels"][:2], ["2025年1月", "2025年2月"])
        self.assertEqual(charts["monthly"]["title"], "每月收到的案件（与上年同期对比）")
        self.assertEqual(charts["category"]["labels"][0], "收费")
        self.assertEqual(len(charts["monthly"]["datasets"]), 2)
        self.assertEqual(
            {chart["key"] for chart in charts.values()},
            {"monthly", "category", "channel", "on_time", "satisfaction"},
        )

    def test_the_menu_opens_the_dashboard_for_management(self):
        menu = self.env.ref("quality_complaint.menu_complaint_dashboard")
        self.assertEqual(menu.action, self.env.ref("quality_complaint.action_quality_complaint_overview"))
        self.assertEqual(menu.action.tag, "quality_complaint.dashboard")
        for role, visible in (("quality", True), ("top", True), ("auditor", True), ("department", False)):
            with self.subTest(role=role):
                menus = self.env["ir.ui.menu"].with_user(self.users[role])._visible_menu_ids()
                path = menu | menu.parent_id | menu.parent_id.parent_id
                self.assertEqual(
                    menu.parent_id.parent_id, self.env.ref("quality_complaint.menu_quality_root")
                )
                self.assertEqual(set(path.ids) <= menus, visible, "the menu and the folders above it")

    def test_the_pdf_prints_the_period_of_the_dashboard(self):
        Dashboard = (
            self.env["quality.complaint.dashboard"]
            .with_user(self.users["quality"])
            .with_context(**self.in_lab)
        )
        action = Dashboard.action_print_period("management_review", "last_year")
        self.assertEqual(action["report_name"], "quality_complaint.report_management_review")
        record = Dashboard.browse(action["context"]["active_ids"])
        today = fields.Date.context_today(record)
        self.assertEqual(
            (record.date_from, record.date_to, record.company_id),
            (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), self.lab),
        )


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_dashboard_tiles_open_their_lists(self):
        manager = new_test_user(
            self.env,
            login="qc_tour_manager",
            groups="quality_complaint.group_quality_manager",
            name="Tour manager",
        )
        self.env["quality.complaint"].create(
            {
                "summary": "Tour: overdue case",
                "description": "Received long ago and never acknowledged.",
                "received_date": datetime(2025, 5, 6, 2, 0),
                "category_id": self.env.ref("quality_complaint.category_turnaround").id,
            }
        )
        self.start_tour("/odoo/complaint-dashboard", "quality_complaint_dashboard_tour", login=manager.login)
