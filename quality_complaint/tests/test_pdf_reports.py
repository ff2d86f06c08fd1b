import shutil
import subprocess
import tempfile
from datetime import date, datetime
from unittest.mock import patch

from reportlab.pdfbase import pdfmetrics

from odoo.addons.quality_complaint.models import ir_actions_report
from odoo.addons.quality_complaint.report import quality_complaint_charts as charts
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged

CHINESE_DESCRIPTION = "检测报告中的铅含量与我方复测结果不符，请核实。"


@tagged("post_install", "-at_install")
class TestPdfReports(HttpCase):
    """Real PDFs (wkhtmltopdf), read back with pdftotext: text, not paths, and a
    header and footer on every page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        cls.customer = cls.env["res.partner"].create(
            {"name": "华信食品有限公司", "is_company": True, "email": "qa@huaxin.example", "lang": "zh_CN"}
        )
        cls.Report = cls.env["ir.actions.report"].with_context(force_report_rendering=True)

    def make_case(self, **values):
        return self.env["quality.complaint"].create(
            {
                "description": CHINESE_DESCRIPTION,
                "partner_id": self.customer.id,
                "complainant_name": "李女士",
                "received_date": datetime(2026, 3, 2, 2, 0),
                "report_ref": "YP-2026-00871",
                **values,
            }
        )

    def pdf(self, report_xmlid, records, lang="zh_CN"):
        if not shutil.which("pdftotext"):
            self.fail("pdftotext is missing: install poppler-utils (scripts/bootstrap.sh does)")
        pdf, kind = self.Report.with_context(lang=lang)._render_qweb_pdf(report_xmlid, records.ids)
        self.assertEqual(kind, "pdf")
        return pdf

    def pdf_pages(self, report_xmlid, records, lang="zh_CN"):
        """The text of each page of the PDF, as pdftotext reads it."""
        pdf = self.pdf(report_xmlid, records, lang)
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return text.split("\f")[:-1]  # pdftotext ends every page with a form feed

    def test_chinese_reply_letter_is_searchable_text(self):
        case = self.make_case()
        (page,) = self.pdf_pages("quality_complaint.action_report_reply_letter", case)
        for expected in (case.name, "投诉处理复函", CHINESE_DESCRIPTION, "YP-2026-00871", "华信食品有限公司"):
            self.assertIn(expected, page)
        self.assertIn("表格编号：QP-7.9-02", page)
        # pdftotext drops the spaces around the numbers between Chinese characters
        self.assertIn("第1页共1页", page.replace(" ", ""))

    def test_complaint_record_is_searchable_text(self):
        case = self.make_case(kind="appeal")
        pages = self.pdf_pages("quality_complaint.action_report_complaint_record", case)
        self.assertIn(case.name, pages[0])
        self.assertIn("申诉登记及处理表", pages[0])
        self.assertIn(CHINESE_DESCRIPTION, pages[0])

    def test_each_document_numbers_its_own_pages(self):
        long_case = self.make_case(description="\n".join([CHINESE_DESCRIPTION] * 120))
        short_case = self.make_case()
        pages = self.pdf_pages(
            "quality_complaint.action_report_complaint_record", long_case | short_case, lang="en_US"
        )
        footers = [page.strip().splitlines()[-1].split()[-4:] for page in pages]
        count = len(pages) - 1
        self.assertGreater(count, 1, "the long case takes more than one page")
        self.assertEqual(
            [" ".join(footer) for footer in footers],
            [f"Page {page} of {count}" for page in range(1, count + 1)] + ["Page 1 of 1"],
        )
        for page in pages:
            header = page.strip().splitlines()[0]
            self.assertIn(self.env.company.name, header)
            self.assertIn("Complaint registration and handling record", header)
            self.assertIn("Form No. QP-7.9-01", page)

    def test_the_lab_sets_its_own_form_number(self):
        report = self.env.ref("quality_complaint.action_report_reply_letter")
        report.qc_form_number = "JL-7.8-02"
        (page,) = self.pdf_pages(report.report_name, self.make_case())
        self.assertIn("表格编号：JL-7.8-02", page)
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("quality_complaint.form_number.report_reply_letter"),
            "JL-7.8-02",
        )
        report.qc_form_number = False
        report.invalidate_recordset(["qc_form_number"])
        self.assertEqual(report.qc_form_number, "QP-7.9-02", "empty restores the default")

    def test_statistics_and_review_pdfs_carry_the_charts(self):
        """The dashboard's charts, drawn on the server, as images beside their Chinese titles."""
        self.make_case()
        dashboard = self.env["quality.complaint.dashboard"].create(
            {"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}
        )
        chart_width = round(charts.WIDTH_CM / 2.54 * charts.DPI)
        for report, keys in (
            ("quality_complaint.report_statistics", ("monthly", "category", "channel", "on_time")),
            (
                "quality_complaint.report_management_review",
                ("monthly", "category", "channel", "on_time", "satisfaction"),
            ),
        ):
            with self.subTest(report=report), tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
                drawn = [
                    chart
                    for chart in dashboard.with_context(lang="zh_CN")._qc_report_values(keys)["charts"]
                    if chart["image"]
                ]
                self.assertGreaterEqual(len(drawn), 3, "demo data and the case fill most charts")
                handle.write(self.pdf(report, dashboard))
                handle.flush()
                listing = subprocess.run(
                    ["pdfimages", "-list", handle.name], capture_output=True, check=True, text=True
                ).stdout.splitlines()[2:]
                images = [line.split() for line in listing]
                self.assertEqual(
                    len([image for image in images if image[2] == "image" and int(image[3]) == chart_width]),
                    len(drawn),
                )
                text = subprocess.run(
                    ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, text=True
                ).stdout
                for chart in drawn:
                    self.assertIn(chart["title"], text)
                self.assertIn("每月收到的案件（与上年同期对比）", text)

    def test_a_missing_chinese_truetype_font_is_said(self):
        with (
            patch.object(pdfmetrics, "getRegisteredFontNames", return_value=[]),
            patch.object(ir_actions_report, "_cjk_truetype_fonts", return_value=[]),
            self.assertRaisesRegex(UserError, "fonts-wqy-zenhei"),
        ):
            self.env["ir.actions.report"]._qc_stamp_font()


@tagged("post_install", "-at_install")
class TestReportLayout(TransactionCase):
    """What each document says, read from the HTML (quick)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)

    def html(self, report, records, lang="zh_CN"):
        return (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_qweb_html(report, records.ids)[0]
            .decode()
        )

    def test_titles_follow_the_case_kind(self):
        partner = self.env["res.partner"].create({"name": "Huaxin", "lang": "zh_CN"})
        for kind, letter, record in (
            ("complaint", "投诉处理复函", "投诉登记及处理表"),
            ("appeal", "申诉处理复函", "申诉登记及处理表"),
            ("grievance", "抱怨处理复函", "抱怨登记及处理表"),
            ("suggestion", "意见建议处理复函", "意见建议登记及处理表"),
        ):
            with self.subTest(kind=kind):
                case = self.env["quality.complaint"].create(
                    {"description": "-", "partner_id": partner.id, "kind": kind}
                )
                self.assertIn(letter, self.html("quality_complaint.report_reply_letter", case))
                self.assertIn(record, self.html("quality_complaint.report_complaint_record", case))

    def test_every_pdf_of_the_module_has_a_header_and_footer(self):
        """Each report calls the layout whose texts are stamped on every page."""
        samples = {
            "quality.complaint.dashboard": self.env["quality.complaint.dashboard"].create(
                {"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}
            ),
            "quality.complaint.qr.label.wizard": self.env["quality.complaint.qr.label.wizard"].create(
                {"report_refs": "YP-2026-00871"}
            ),
            "res.company": self.env.company,
            "quality.complaint.evidence.pack": self.env["quality.complaint.evidence.pack"].create(
                {
                    "company_id": self.env.company.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    "issued_by_id": self.env.uid,
                    "issued_date": datetime(2026, 12, 31, 8, 0),
                }
            ),
        }
        reports = self.env["ir.actions.report"].search([("report_name", "=like", "quality_complaint.%")])
        self.assertEqual(len(reports), 16)
        for report in reports:
            with self.subTest(report=report.report_name):
                self.assertEqual(
                    report.paperformat_id, self.env.ref("quality_complaint.paperformat_lab_form")
                )
                records = samples.get(report.model) or self.env[report.model].search([], limit=1)
                self.assertTrue(records, "demo data has one")
                texts = ir_actions_report._running_texts(self.html(report.report_name, records))
                self.assertEqual(texts.keys(), {"lab", "title", "number", "page"})
                self.assertIn("{page}", texts["page"])
                self.assertIn("{pages}", texts["page"])
                self.assertTrue(texts["title"])
