import base64
import hashlib
import shutil
import subprocess
from datetime import date, timedelta

import lxml.html

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..audit_trail import TrailRecordRefused
from .common_investigation import InvestigationCase

EMPTY_YEAR = (date(2020, 1, 1), date(2020, 12, 31))
ALWAYS = (
    "4.1.4",
    "7.5.2",
    "7.9.1",
    "7.9.2",
    "7.9.3",
    "7.9.4",
    "7.9.5",
    "7.9.6",
    "7.9.7",
    "7.10",
    "8.4",
    "8.7",
    "8.9.2",
    "10002-8.3",
    "cnas",
    "versions",
)


@tagged("post_install", "-at_install")
class TestEvidencePack(InvestigationCase):
    """The clause-indexed evidence pack: each clause answered by the records of
    the period, or saying that there are none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["quality.complaint"])
        cls.period = (date(2026, 1, 1), cls.today)
        cls.company.qc_complaint_process = "<p>We answer every complaint within 20 working days.</p>"

    def commit_tracking(self):
        """What a commit writes: pending writes, then the tracking values."""
        self.env.flush_all()
        self.env.cr.flush()

    def walked_case(self):
        """A case taken to its end one step after the other, as people click
        them: a correction, an involved person, a nonconforming work record,
        a corrective action, the decision, its approval and the end notice."""
        users = self.users
        case = self.acknowledged_case(involved_user_ids=[(6, 0, users["department"].ids)])
        self.commit_tracking()
        case.with_user(users["customer_service"]).action_correct_fact(
            "report_ref", "R-2026-0099", "Mistyped at the front desk"
        )
        self.env["quality.nonconforming.work"].with_user(users["technical"]).create(
            {
                "complaint_id": case.id,
                "description": "Dilution factor applied twice.",
                "classification": "serious",
                "disposition": "report_recall",
                "department_id": self.department.id,
            }
        )
        capa = self.capa(source="complaint", complaint_id=case.id)
        capa.with_user(users["quality"]).action_open()
        case.write(
            {
                "validity": "valid",
                "validity_reasoning": "A dilution factor was applied twice.",
                "resolution": "Report withdrawn, corrected report R-1-A issued.",
                "no_investigation_reason": "Clerical error",
            }
        )
        for role, step in (
            ("technical", "action_submit_decision"),
            ("quality", "action_approve"),
            ("customer_service", "action_send_reply"),
            ("customer_service", "action_accept_outcome"),
            ("customer_service", "action_close"),
        ):
            self.commit_tracking()
            getattr(case.with_user(users[role]), step)()
        self.commit_tracking()
        return case

    def sections(self, period, case=None, role="quality"):
        Complaint = self.env["quality.complaint"].with_user(self.users[role])
        return {
            section["key"]: section
            for section in Complaint._qc_evidence_sections(*period, self.company, case)
        }

    def html(self, report, records, role="quality", lang="en_US"):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.users[role])
            .with_context(lang=lang)
            ._render_qweb_html(report, records.ids)[0]
        )
        return lxml.html.fromstring(html)

    def clause_text(self, tree, key):
        (node,) = tree.xpath(f"//div[@data-clause='{key}']")
        return " ".join(node.text_content().split())

    def test_each_clause_answers_with_the_records_of_the_period(self):
        case = self.walked_case()
        sections = self.sections(self.period)
        self.assertEqual(set(sections), set(ALWAYS))
        for key in set(ALWAYS) - {"10002-8.3", "cnas"}:
            self.assertTrue(sections[key]["found"], key)
        rows = {key: str(section["tables"]) for key, section in sections.items()}
        for key in ("4.1.4", "7.5.2", "7.9.2", "7.9.3", "7.9.4", "7.9.5", "7.9.6", "7.9.7", "7.10", "8.7"):
            self.assertIn(case.name, rows[key], key)
        self.assertIn("Mistyped at the front desk", rows["7.5.2"])
        self.assertIn("R-2026-0099", rows["7.5.2"])
        self.assertIn("QC department", rows["4.1.4"])
        (check,) = [row for row in sections["7.9.6"]["tables"][0]["rows"] if row[0] == case.name]
        self.assertEqual(check[1:4:2], ["QC technical", "QC quality"])
        self.assertIn("QC department", check[5])
        self.assertIn("Independent", check[6])
        self.assertIn(case.capa_ids.name, rows["8.7"])
        (ended,) = [row for row in sections["7.9.7"]["tables"][0]["rows"] if row[0] == case.name]
        self.assertNotEqual(ended[3], "—", "the end notice's date")
        self.assertEqual(dict(self.sections(self.period, case)["7.9.7"]["figures"])["End notices sent"], 1)

    def test_a_reopened_decision_stays_in_the_impartiality_check(self):
        """The trail keeps each approval with its decider and the involved
        people of that moment, even once the case was reopened and decided again."""
        users = self.users
        case = self.acknowledged_case(involved_user_ids=[(6, 0, users["department"].ids)])
        case.write(
            {"validity": "valid", "resolution": "Report corrected.", "no_investigation_reason": "Clerical"}
        )
        for role, step, args in (
            ("technical", "action_submit_decision", ()),
            ("quality", "action_approve", ()),
            ("top", "action_reopen_decision", ("The customer sent new evidence",)),
            ("quality", "action_submit_decision", ()),
            ("top", "action_approve", ()),
        ):
            self.commit_tracking()
            getattr(case.with_user(users[role]), step)(*args)
        self.commit_tracking()
        section = self.sections(self.period, case)["7.9.6"]
        approvals = [row for row in section["tables"][0]["rows"] if row[0] == case.name]
        self.assertEqual(
            [(row[1], row[3]) for row in approvals],
            [("QC technical", "QC quality"), ("QC quality", "QC top")],
        )
        self.assertEqual({row[5] for row in approvals}, {"QC department"})
        self.assertIn("The customer sent new evidence", str(section["tables"][1]["rows"]))
        self.assertEqual(dict(section["figures"])["Decisions reopened"], 1)

    def test_a_period_without_records_says_so_in_every_clause(self):
        self.walked_case()
        sections = self.sections(EMPTY_YEAR)
        for key in set(ALWAYS) - {"7.9.1", "versions", "8.9.2"}:
            self.assertFalse(sections[key]["found"], key)
            self.assertFalse(sections[key]["tables"], key)
            self.assertTrue(sections[key]["empty"], key)
        tree = self.html(
            "quality_complaint.action_report_evidence_pack_period",
            self.env["quality.complaint.evidence.pack"]
            .with_user(self.users["quality"])
            ._qc_issue(*EMPTY_YEAR, self.company),
        )
        for key in ALWAYS:
            text = self.clause_text(tree, key)
            self.assertGreater(len(text), 60, key)
            if key not in ("7.9.1", "versions", "8.9.2"):
                self.assertIn("No record in this period.", text, key)

    def test_the_pdf_text_carries_each_clause_number_and_requirement(self):
        case = self.walked_case()
        pack = (
            self.env["quality.complaint.evidence.pack"]
            .with_user(self.users["auditor"])
            ._qc_issue(*self.period, self.company)
        )
        tree = self.html("quality_complaint.action_report_evidence_pack_period", pack, role="auditor")
        self.assertIn("7.9.6", self.clause_text(tree, "7.9.6"))
        self.assertIn("not involved", self.clause_text(tree, "7.9.6"))
        self.assertIn(case.name, self.clause_text(tree, "7.9.7"))
        self.assertIn("20 working days", self.clause_text(tree, "versions"))
        self.assertIn("two", self.clause_text(tree, "cnas").replace("2", "two"))

    def test_chinese_pack(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        self.users["quality"].lang = "zh_CN"
        pack = (
            self.env["quality.complaint.evidence.pack"]
            .with_user(self.users["quality"])
            ._qc_issue(*EMPTY_YEAR, self.company)
        )
        tree = self.html("quality_complaint.action_report_evidence_pack_period", pack, lang="zh_CN")
        text = self.clause_text(tree, "7.9.6")
        self.assertIn("本期无记录", text)
        self.assertNotIn("No record", text)

    def test_regulatory_clauses_only_when_reporting_is_enabled(self):
        self.assertNotIn("13485-8.2.2", self.sections(self.period))
        self.env.ref("base.group_user").implied_ids |= self.env.ref(
            "quality_complaint.group_regulatory_reporting"
        )
        case = self.acknowledged_case(regulatory_reportable="yes", regulatory_deadline=self.today)
        sections = self.sections(self.period)
        self.assertIn(case.name, str(sections["13485-8.2.2"]["tables"]))
        self.assertIn(case.name, str(sections["13485-8.2.3"]["tables"]))
        self.assertFalse(self.sections(EMPTY_YEAR)["13485-8.2.3"]["found"])

    def test_authority_referral_and_published_process_versions(self):
        case = self.acknowledged_case(channel="authority", source_detail="CNAS")
        sections = self.sections(self.period)
        self.assertIn("CNAS", str(sections["cnas"]["tables"]))
        self.assertIn(case.name, str(sections["cnas"]["tables"]))
        self.assertIn("2 months", sections["cnas"]["requirement"])
        versions = sections["versions"]["versions"]
        self.assertEqual(len(versions), 1)
        self.assertIn("20 working days", versions[0]["text"])
        self.assertEqual(self.sections(EMPTY_YEAR)["versions"]["versions"], [])
        with self.assertRaises(TrailRecordRefused):
            self.env["quality.complaint.process.version"].search([], limit=1).text = "<p>Other</p>"

    def test_records_clause_lists_redactions_and_voided_signatures(self):
        case = self.walked_case()
        self.env["quality.complaint.redaction"].create(
            {
                "complaint_id": case.id,
                "redaction_date": fields.Datetime.now(),
                "rule": "Retention of 6 years",
                "data_kinds": "Name, E-mail",
            }
        )
        section = self.sections(self.period)["8.4"]
        self.assertTrue(section["found"])
        self.assertIn("Retention of 6 years", str(section["tables"]))
        self.assertFalse(self.sections(EMPTY_YEAR)["8.4"]["found"])
        signatures = case.sudo()._qc_live_signatures()
        self.assertTrue(signatures, "the walked case's approval was signed")
        case.sudo()._qc_void_signatures("Decision reopened")
        section = self.sections(self.period)["8.4"]
        self.assertIn(signatures[0].meaning, str(section["tables"]))

    def test_satisfaction_with_the_handling_from_the_follow_up_answers(self):
        case = self.make_case()
        case._qc_import_history(
            {"state": "replied", "acceptance": "pending", "reply_date": self.today - timedelta(days=7)}
        )
        response = (
            self.env["quality.satisfaction.survey"]
            ._cron_followup_surveys()
            .filtered(lambda response: response.complaint_id == case)
        )
        response._qc_submit_answers(
            {f"rating_{question.id}": "2" for question in response.survey_id.question_ids}
        )
        section = self.sections(self.period)["10002-8.3"]
        self.assertTrue(section["found"])
        (row,) = [row for row in section["tables"][0]["rows"] if row[0] == case.name]
        self.assertEqual(row[3], "Yes", "dissatisfied")
        self.assertFalse(self.sections(EMPTY_YEAR)["10002-8.3"]["found"])

    def test_rpc_method_for_quality_manager_and_auditor_only(self):
        self.walked_case()
        for role in ("quality", "auditor", "top"):
            Complaint = self.env["quality.complaint"].with_user(self.users[role])
            content = base64.b64decode(
                Complaint.evidence_pack_pdf("2026-01-01", fields.Date.to_string(self.today))
            )
            pack = self.env["quality.complaint.evidence.pack"].with_user(self.users[role]).search([], limit=1)
            self.assertEqual(pack.issued_by_id, self.users[role])
            self.assertEqual(pack.digest, hashlib.sha256(content).hexdigest())
            self.assertEqual(pack.date_from, date(2026, 1, 1))
        for role in ("department", "customer_service", "supervisor", "technical", "records"):
            Complaint = self.env["quality.complaint"].with_user(self.users[role])
            with self.assertRaises(AccessError, msg=role):
                Complaint.evidence_pack_pdf("2026-01-01", "2026-12-31")
            with self.assertRaises(AccessError, msg=role):
                Complaint._qc_evidence_sections(*self.period, self.company)
        with self.assertRaisesRegex(UserError, "start is not after its end"):
            self.env["quality.complaint"].with_user(self.users["quality"]).evidence_pack_pdf(
                "2026-02-01", "2026-01-01"
            )

    def test_per_case_report_is_stored_with_its_digest_and_never_changed(self):
        case = self.walked_case()
        other = self.acknowledged_case()
        Report = self.env["ir.actions.report"].with_user(self.users["auditor"])
        content, _kind = Report._render_qweb_pdf("quality_complaint.action_report_evidence_pack", case.ids)
        pack = (
            self.env["quality.complaint.evidence.pack"]
            .with_user(self.users["auditor"])
            .search([("complaint_id", "=", case.id)])
        )
        self.assertEqual(len(pack), 1)
        self.assertEqual(pack.digest, hashlib.sha256(content).hexdigest())
        self.assertEqual(base64.b64decode(pack.attachment_id.datas), content)
        self.assertIn(case.name.encode(), content)
        self.assertNotIn(other.name.encode(), content)
        # The pack prints its own code and who issued it.
        self.assertIn(pack.verification_code.encode(), content)
        self.assertIn(self.users["auditor"].name.encode(), content)
        # Signed like a letter: its code verifies the file as issued.
        check = (
            self.env["quality.complaint.signature"]
            ._qc_from_code(pack.verification_code)
            ._qc_check(pack.digest)
        )
        self.assertTrue(check["signature_valid"])
        self.assertEqual(check["signature"].signer_id, self.users["auditor"])
        self.assertEqual(check["signature"].document_id, pack.attachment_id)
        with self.assertRaises(TrailRecordRefused):
            pack.sudo().signature_id = False
        with self.assertRaises(TrailRecordRefused):
            pack.sudo().digest = "0" * 64
        with self.assertRaises(TrailRecordRefused):
            pack.sudo().unlink()
        with self.assertRaises(TrailRecordRefused):
            pack.attachment_id.sudo().unlink()
        with self.assertRaises(TrailRecordRefused):
            pack.attachment_id.sudo().raw = b"%PDF-1.4 altered"
        with self.assertRaises(AccessError):
            Report.with_user(self.users["customer_service"])._render_qweb_pdf(
                "quality_complaint.action_report_evidence_pack", case.ids
            )
        with self.assertRaisesRegex(UserError, "one case at a time"):
            Report._render_qweb_pdf("quality_complaint.action_report_evidence_pack", (case | other).ids)
        tree = self.html("quality_complaint.action_report_evidence_pack", case, role="auditor")
        self.assertIn("No record for this case.", self.clause_text(tree, "cnas"))
        self.assertIn(case.name, self.clause_text(tree, "7.9.6"))

    def test_wizard_issues_and_downloads_the_pack(self):
        wizard = (
            self.env["quality.complaint.evidence.wizard"]
            .with_user(self.users["quality"])
            .create({"date_from": date(2026, 1, 1), "date_to": self.today})
        )
        action = wizard.action_issue()
        pack = (
            self.env["quality.complaint.evidence.pack"].with_user(self.users["quality"]).search([], limit=1)
        )
        self.assertEqual(action["url"], f"/web/content/{pack.attachment_id.id}?download=true")

    def test_sections_are_set_based(self):
        """As many queries for four cases as for one: no query per case."""
        Complaint = self.env["quality.complaint"].with_user(self.users["quality"])

        def queries():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Complaint._qc_evidence_sections(*self.period, self.company)
            return self.cr.sql_log_count - before

        self.walked_case()
        queries()
        one = queries()
        for _index in range(3):
            self.walked_case()
        self.assertLessEqual(queries(), one)


@tagged("post_install", "-at_install")
class TestEvidencePackPdf(HttpCase):
    """A real pack (wkhtmltopdf), read back with pdftotext: the clauses as text, in Chinese."""

    def test_chinese_pack_pdf_is_searchable_text(self):
        if not shutil.which("pdftotext"):
            self.fail("pdftotext is missing: install poppler-utils (scripts/bootstrap.sh does)")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        case = self.env["quality.complaint"].search([("state", "=", "closed")], limit=1)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN", force_report_rendering=True)
            ._render_qweb_pdf("quality_complaint.action_report_evidence_pack", case.ids)
        )
        self.assertEqual(kind, "pdf")
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        for words in ("条款索引", "7.9.6", "由未涉及人员作出处理结果", "8.4", "记录控制", case.name):
            self.assertIn(words, text)
        pack = self.env["quality.complaint.evidence.pack"].search([("complaint_id", "=", case.id)], limit=1)
        self.assertEqual(pack.digest, hashlib.sha256(pdf).hexdigest())
        self.assertEqual(pack.attachment_id.mimetype, "application/pdf")
        self.assertIn(pack.verification_code, text)
        check = pack.signature_id._qc_check(pack.digest)
        self.assertTrue(check["signature_valid"] and check["stored_matches"] and check["given_matches"])
