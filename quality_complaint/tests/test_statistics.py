import io
from datetime import date, datetime
from unittest.mock import patch

import babel.dates
import openpyxl

from odoo.fields import Domain
from odoo.tests import tagged

from .common import ComplaintCase

MAY = (datetime(2025, 5, 1), datetime(2025, 6, 1))
HEADER_ROW = 6  # under the four title lines and a blank row


def register_sheet(wizard):
    """The first sheet of the register the wizard downloads."""
    return openpyxl.load_workbook(io.BytesIO(wizard._qc_export_file()[1])).active


@tagged("post_install", "-at_install")
class TestStatistics(ComplaintCase):
    """Every KPI against numbers worked out by hand on a fixed set of six cases (M4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.chemistry = cls.env["quality.complaint.department"].create({"name": "Chemistry"})
        monday = datetime(2025, 5, 5, 2, 0)  # 10:00 in Shanghai

        def case(**values):
            return cls.Complaint.create({"description": "Fixed data set", "received_date": monday, **values})

        turnaround, fees = (
            ref("quality_complaint.category_turnaround"),
            ref("quality_complaint.category_fees"),
        )
        dispute = ref("quality_complaint.category_result_dispute")
        # c1: acknowledged on time, valid, replied on time after 3 working days.
        cls.c1 = case(category_id=turnaround.id, department_id=cls.chemistry.id, channel="email")
        cls.c1.validity = "valid"
        cls.c1._qc_import_history({"ack_date": datetime(2025, 5, 5, 4, 0), "reply_date": date(2025, 5, 8)})
        # c2: acknowledged 28 h after receipt (late), invalid, replied late after 11 working days.
        cls.c2 = case(category_id=fees.id, department_id=cls.chemistry.id, compensation_amount=300)
        cls.c2.validity = "invalid"
        cls.c2._qc_import_history({"ack_date": datetime(2025, 5, 6, 6, 0), "reply_date": date(2025, 5, 20)})
        # c3: never acknowledged, long past its deadline.
        cls.c3 = case(category_id=fees.id)
        # c4: cancelled before acknowledgement: no acknowledgement figure.
        cls.c4 = case(category_id=turnaround.id)
        cls.c4._qc_import_history({"state": "cancelled"})
        # c5: on time, valid, replied after 5 working days, then reopened by c6.
        cls.c5 = case(category_id=dispute.id, severity="major")
        cls.c5.validity = "valid"
        cls.c5._qc_import_history({"ack_date": datetime(2025, 5, 5, 3, 0), "reply_date": date(2025, 5, 12)})
        cls.c6 = case(category_id=dispute.id, parent_id=cls.c5.id, received_date=datetime(2025, 5, 13, 2, 0))
        cls.Analysis = cls.env["quality.complaint.analysis"]

    def test_kpis_match_hand_computed_figures(self):
        self.assertEqual(
            (self.c1.working_days_to_reply, self.c2.working_days_to_reply, self.c5.working_days_to_reply),
            (3, 11, 5),
        )
        kpis = self.Analysis._kpis(*MAY)
        self.assertEqual(kpis["case_count"], 6)
        self.assertAlmostEqual(kpis["valid_rate"], 200 / 3, places=2)  # c1, c5 valid; c2 invalid
        self.assertAlmostEqual(kpis["ack_on_time_rate"], 40.0, places=2)  # c1, c5 of c1, c2, c3, c5, c6
        self.assertAlmostEqual(kpis["reply_on_time_rate"], 200 / 3, places=2)  # c1, c5 of c1, c2, c5
        self.assertAlmostEqual(kpis["working_days_to_reply"], 19 / 3, places=2)  # (3 + 11 + 5) / 3
        self.assertAlmostEqual(kpis["reopen_rate"], 100 / 3, places=2)  # c5 of c1, c2, c5
        self.assertEqual(kpis["compensation_amount"], 300)

    def test_counts_by_category_severity_channel_department_and_month(self):
        kpis = self.Analysis._kpis(*MAY)
        by_category = {category.id: count for category, count in kpis["by_category_id"]}
        self.assertEqual(by_category[self.env.ref("quality_complaint.category_fees").id], 2)
        self.assertEqual(by_category[self.env.ref("quality_complaint.category_result_dispute").id], 2)
        self.assertEqual(dict(kpis["by_severity"])["major"], 1)
        self.assertEqual(dict(kpis["by_channel"])["email"], 1)
        self.assertEqual(dict(kpis["by_department_id"])[self.chemistry], 2)
        self.assertEqual([count for _month, count, _ack, _reply in kpis["by_month"]], [6])

    def test_pivot_measures_are_the_same_rates(self):
        groups = self.Analysis.formatted_read_group(
            [("received_date", ">=", MAY[0]), ("received_date", "<", MAY[1])],
            ["category_id"],
            ["case_count:sum", "ack_on_time_rate:avg"],
        )
        fees = next(
            g for g in groups if g["category_id"][0] == self.env.ref("quality_complaint.category_fees").id
        )
        self.assertEqual(fees["case_count:sum"], 2)
        self.assertEqual(fees["ack_on_time_rate:avg"], 0.0)

    def test_pivot_labels_each_month_once_and_each_group_opens_its_own_cases(self):
        # Three categories in May 2025: Odoo alone labels May three times.
        for Model in (self.Analysis, self.Complaint):
            Reader = Model.with_user(self.users["quality"]).with_context(tz="Asia/Shanghai", lang="en_US")
            domain = [("received_date", ">=", MAY[0]), ("received_date", "<", MAY[1])]
            with patch.object(babel.dates, "format_datetime", wraps=babel.dates.format_datetime) as label:
                groups = Reader.formatted_read_group(
                    domain, ["received_date:month", "category_id"], ["__count"]
                )
            self.assertEqual(label.call_count, 1, Model._name)
            self.assertEqual(len(groups), 3)
            for group in groups:
                self.assertEqual(group["received_date:month"][1], "May 2025")
                # The domain the pivot opens when a cell is clicked: that cell's cases only.
                cases = Reader.search(Domain.AND([domain, group["__extra_domain"]]))
                self.assertEqual(len(cases), group["__count"])
                self.assertEqual(cases.category_id.id, group["category_id"][0])

    def test_grouped_views_keep_a_zero_apart_from_an_empty_value(self):
        Complaint = self.Complaint.with_user(self.users["quality"])
        for spec in ("paused_days", "received_date:day_of_week"):
            formatter = Complaint._web_read_group_groupby_formatter(spec, (0, False, None))
            labels = [formatter(value)[0] for value in (0, False, None)]
            self.assertEqual([(type(label), label) for label in labels[:2]], [(int, 0), (bool, False)], spec)

    def test_dashboard_figures_and_trend_against_last_year(self):
        self.Complaint.create({"description": "Last year", "received_date": datetime(2024, 5, 6, 2, 0)})
        dashboard = self.env["quality.complaint.dashboard"].create(
            {"date_from": date(2025, 5, 1), "date_to": date(2025, 5, 31)}
        )
        self.assertEqual((dashboard.case_count, dashboard.previous_case_count), (6, 1))
        self.assertAlmostEqual(dashboard.case_trend, 500.0)
        self.assertAlmostEqual(dashboard.valid_rate, 200 / 3, places=2)
        self.assertIn(self.c5, dashboard.major_open_ids)
        authority = self.make_case(channel="authority")
        dashboard.invalidate_recordset()
        self.assertIn(authority, dashboard.authority_open_ids)

    def test_statistics_cost_the_same_queries_for_10_and_200_cases(self):
        def queries(count):
            start = datetime(2030 + count % 7, 1, 1)
            self.Complaint.create([{"description": "Load", "received_date": start} for _i in range(count)])
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            kpis = self.Analysis._kpis(start, datetime(start.year + 1, 1, 1))
            self.assertEqual(kpis["case_count"], count)
            return self.cr.sql_log_count - before

        self.assertEqual(queries(10), queries(200))

    def test_complaint_register_xlsx(self):
        wizard = (
            self.env["quality.complaint.register.wizard"]
            .with_user(self.users["quality"])
            .create({"register": "complaint", "date_from": date(2025, 5, 1), "date_to": date(2025, 5, 31)})
        )
        self.assertEqual(wizard.action_export()["url"], f"/quality_complaint/register/{wizard.id}")
        sheet = register_sheet(wizard)
        self.assertEqual(sheet.title, "Complaint register")
        header = [cell.value for cell in sheet[HEADER_ROW]]
        self.assertEqual(header[:3], ["Reference", "Received Date", "Kind"])
        self.assertEqual(sheet.freeze_panes, f"B{HEADER_ROW + 1}")
        self.assertTrue(sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:"))
        self.assertEqual(sheet.max_row, HEADER_ROW + 6, "title block, header, six cases")
        self.assertIsInstance(sheet.cell(row=HEADER_ROW + 1, column=2).value, datetime)
        compensation = header.index("Compensation Amount") + 1
        cases = range(HEADER_ROW + 1, HEADER_ROW + 7)
        self.assertEqual(sorted(sheet.cell(row=r, column=compensation).value or 0 for r in cases)[-1], 300)
        overdue = header.index("Urged as overdue") + 1
        self.assertLessEqual({sheet.cell(row=r, column=overdue).value for r in cases}, {"Yes", "No"})

    def test_register_follows_identity_rules(self):
        protected = self.make_case(confidential=True, received_date=datetime(2025, 5, 7, 2, 0))
        wizard = (
            self.env["quality.complaint.register.wizard"]
            .with_user(self.users["auditor"])
            .create({"register": "complaint", "complaint_ids": [(6, 0, protected.ids)]})
        )
        values = [cell.value for cell in register_sheet(wizard)[HEADER_ROW + 1]]
        self.assertIn(protected.name, values)
        self.assertNotIn("Ms. Li", values)
        self.assertNotIn("Huaxin Foods Co., Ltd.", values)

    def test_register_in_chinese_throughout(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        quality = self.users["quality"]
        quality.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        self.c3._qc_import_history({"is_overdue": True})  # the hourly job's flag
        wizard = (
            self.env["quality.complaint.register.wizard"]
            .with_user(quality)
            .with_context(lang="zh_CN")
            .create({"register": "complaint", "date_from": date(2025, 5, 1), "date_to": date(2025, 5, 31)})
        )
        sheet = register_sheet(wizard)
        self.assertEqual(sheet.title, "投诉台账")
        lab, register, period, printed = (sheet.cell(row=row, column=1).value for row in range(1, 5))
        self.assertEqual((lab, register), (self.env.company.name, "投诉台账"))
        self.assertTrue(period.startswith("期间："), period)
        self.assertIn("2025", period)
        self.assertTrue(printed.startswith(f"{quality.name} 打印于 "), printed)
        self.assertIsNone(sheet.cell(row=HEADER_ROW - 1, column=1).value)
        header = [cell.value for cell in sheet[HEADER_ROW]]
        self.assertIn("渠道", header)
        rows = [
            dict(zip(header, (cell.value for cell in row), strict=True))
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1)
        ]
        by_reference = {row[header[0]]: row for row in rows}
        self.assertEqual(by_reference[self.c1.name]["渠道"], "电子邮件")
        self.assertEqual(by_reference[self.c4.name]["状态"], "已作废")
        self.assertEqual(by_reference[self.c3.name]["已逾期催办"], "是")
        self.assertEqual(by_reference[self.c1.name]["已逾期催办"], "否")

    def test_weekly_and_monthly_summary_mail_the_management(self):
        Dashboard = self.env["quality.complaint.dashboard"]
        self.assertEqual(
            Dashboard._summary_period("weekly", date(2025, 5, 14)), (date(2025, 5, 5), date(2025, 5, 11))
        )
        self.assertEqual(
            Dashboard._summary_period("monthly", date(2025, 6, 3)), (date(2025, 5, 1), date(2025, 5, 31))
        )
        mails = self.env["quality.complaint"]._cron_send_summary("monthly")
        self.assertTrue(mails)
        recipients = mails.recipient_ids
        self.assertIn(self.users["quality"].partner_id, recipients)
        self.assertIn(self.users["top"].partner_id, recipients)
        self.assertNotIn(self.users["technical"].partner_id, recipients)
        self.assertTrue(all(mail.attachment_ids.mimetype == "application/pdf" for mail in mails))

    def test_statistics_and_review_reports_render(self):
        dashboard = self.env["quality.complaint.dashboard"].create(
            {"date_from": date(2025, 5, 1), "date_to": date(2025, 5, 31)}
        )
        Report = self.env["ir.actions.report"]
        html = str(Report._render_qweb_html("quality_complaint.action_report_statistics", dashboard.ids)[0])
        self.assertIn("Complaint statistics", html)
        self.assertIn("Turnaround time", html)
        review = str(
            Report._render_qweb_html("quality_complaint.action_report_management_review", dashboard.ids)[0]
        )
        self.assertIn("Management review input", review)
        self.assertIn(self.c5.name, review, "open major cases are listed")

    def test_complaint_record_carries_the_whole_history(self):
        case = self.acknowledged_case()
        case.hold_reason = "Waiting for the customer's raw data"
        case.with_user(self.users["customer_service"]).action_put_on_hold()
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "quality_complaint.action_report_complaint_record", case.ids
            )[0]
        )
        self.assertIn(case.name, html)
        self.assertIn("Waiting for the customer&#39;s raw data", html.replace("&#x27;", "&#39;"))
        self.assertIn("we received your case", html, "the chatter history is printed")


@tagged("post_install", "-at_install")
class TestFeedbackStatistics(ComplaintCase):
    """Satisfaction and CAPA figures of the dashboard and review pack, on a lab of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lab = cls.env["res.company"].create({"name": "Branch lab"})
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.lab.id]))
        question = env["quality.satisfaction.question"].create(
            {"name": "Report quality", "is_default": False}
        )
        survey = env["quality.satisfaction.survey"].create(
            {
                "name": "Q1 2025",
                "survey_type": "periodic",
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 3, 31),
                "question_ids": [(6, 0, question.ids)],
                "company_id": cls.lab.id,
            }
        )
        Response = env["quality.satisfaction.response"]
        # Three invited in March 2025, two answered: ratings 5, 3 and 4.
        for ratings in ([5, 3], [4], []):
            response = Response.create({"survey_id": survey.id, "email": "c@example.com"})
            response._qc_import_history(
                {
                    "invite_date": datetime(2025, 3, 1, 2, 0),
                    "state": "answered" if ratings else "invited",
                    "answer_date": datetime(2025, 3, 10, 2, 0) if ratings else False,
                    "line_ids": [
                        (0, 0, {"question_id": other.id, "rating": rating})
                        for other, rating in zip(
                            [question, question.copy({"name": "Price"})][: len(ratings)], ratings, strict=True
                        )
                    ],
                }
            )
        Capa = env["quality.corrective.action"]

        def capa(due_and_done, **values):
            return Capa._qc_import_records(
                [
                    {
                        "title": "Late certificates",
                        "source": "audit",
                        "source_document": "IA-2025-01",
                        "company_id": cls.lab.id,
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": "Act",
                                    "responsible_id": cls.users["department"].id,
                                    "due_date": due,
                                    "done_date": done,
                                    "evidence": done and "Procedure QP-07 rev. 3",
                                },
                            )
                            for due, done in due_and_done
                        ],
                        **values,
                    }
                ]
            )

        # Lines due in March 2025: on time, late, never done; one due in 2099 does not count yet.
        cls.checked_effective = capa(
            [(date(2025, 3, 10), date(2025, 3, 9)), (date(2025, 3, 12), date(2025, 3, 20))],
            effectiveness_result="effective",
            effectiveness_check_date=date(2025, 3, 25),
        )
        capa(
            [(date(2025, 3, 15), False), (date(2099, 1, 1), False)],
            effectiveness_result="ineffective",
            effectiveness_check_date=date(2025, 3, 28),
            management_review_input=True,
        )
        cls.dashboard = cls.env["quality.complaint.dashboard"].create(
            {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31), "company_id": cls.lab.id}
        )

    def test_satisfaction_and_response_rate(self):
        self.assertAlmostEqual(self.dashboard.satisfaction_rate, 200 / 3, places=2)  # 5 and 4 of 5, 3, 4
        self.assertAlmostEqual(self.dashboard.survey_response_rate, 200 / 3, places=2)  # 2 of 3 invited
        self.assertEqual(self.dashboard.previous_satisfaction_rate, 0.0)
        self.assertEqual(self.dashboard.survey_ids.name, "Q1 2025")

    def test_capa_on_time_and_effectiveness_rates(self):
        self.assertAlmostEqual(self.dashboard.capa_on_time_rate, 100 / 3, places=2)  # 1 of 3 due lines
        self.assertEqual(self.dashboard.capa_effective_rate, 50.0)
        self.assertEqual(len(self.dashboard.capa_review_ids), 1)

    def test_management_review_pack_carries_satisfaction_and_capa(self):
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "quality_complaint.action_report_management_review", self.dashboard.ids
            )[0]
        )
        for expected in (
            "Customer satisfaction",
            "66.7 %",
            "Q1 2025",
            "Corrective and preventive actions",
            "33.3 %",
        ):
            self.assertIn(expected, html)

    def test_capa_and_survey_registers(self):
        auditor = self.users["auditor"]
        auditor.company_ids |= self.lab
        lab_capas = self.env["quality.corrective.action"].search([("company_id", "=", self.lab.id)])
        Wizard = self.env["quality.complaint.register.wizard"].with_user(auditor).with_company(self.lab)
        for values, expected_rows in (
            ({"register": "capa", "capa_ids": [(6, 0, lab_capas.ids)]}, 2),
            ({"register": "survey", "date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31)}, 3),
        ):
            with self.subTest(register=values["register"]):
                sheet = register_sheet(Wizard.create(values))
                self.assertEqual(sheet.max_row, HEADER_ROW + expected_rows)
