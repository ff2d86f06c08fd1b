import re
from datetime import date, timedelta

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ROLES, ComplaintCase, finish_intake, mails_apart

CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ENGLISH_DATE = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}")
SALUTATION_ZH = "尊敬的李女士："


def submit_public_form(env, lang, **form):
    """A case sent through the public form by a visitor of the page in `lang`."""
    values = {"complainant_email": "li.nv@example.cn", "privacy_consent": "1", **form}
    return (
        env["quality.complaint"]
        .with_user(env.ref("base.public_user"))
        .with_context(lang=lang)
        ._create_from_public_form(values, [], "198.51.100.7")
    )


@tagged("post_install", "-at_install")
class TestAnswerLanguage(ComplaintCase):
    """A case is answered in its own language, whatever the language of who sends the answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        cls.customer.lang = "en_US"
        cls.chinese_customer = cls.env["res.partner"].create(
            {"name": "华信食品有限公司", "email": "qa@huaxin.example.cn", "lang": "zh_CN", "is_company": True}
        )
        cls.english_clerk = cls.users["customer_service"]
        cls.english_clerk.lang = "en_US"
        cls.chinese_clerk = new_test_user(
            cls.env, login="qc_clerk_zh", groups=ROLES["customer_service"], name="王客服", lang="zh_CN"
        )

    def sent_to_complainant(self, case):
        """The complainant's copies of the mails the case's templates sent, oldest first."""
        messages = case.message_ids.filtered(
            lambda message: message.subtype_id == self.env.ref("mail.mt_comment")
        )
        mails = self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        return mails.sorted(lambda mail: mail.mail_message_id.id)

    def test_staff_case_is_answered_in_the_contacts_language_else_the_labs(self):
        Complaint = self.as_role("customer_service")
        chinese = Complaint.create({"description": "报告错误。", "partner_id": self.chinese_customer.id})
        self.assertEqual(chinese.lang, "zh_CN")
        self.company.partner_id.lang = "en_US"
        unknown = Complaint.create({"description": "Phoned in.", "complainant_name": "Ms. Li"})
        self.assertEqual(unknown.lang, "en_US")
        self.company.partner_id.lang = "zh_CN"
        unknown = Complaint.create({"description": "来电反映。", "complainant_name": "李女士"})
        self.assertEqual(unknown.lang, "zh_CN", "the lab's own language")
        unknown.lang = "en_US"
        self.assertEqual(unknown.lang, "en_US", "customer service may change it")

    def test_follow_up_case_keeps_the_first_cases_language(self):
        case = self.make_case(lang="zh_CN")
        self.assertEqual(case.partner_id.lang, "en_US")
        case._qc_import_history({"state": "replied", "acceptance": "pending", "reply_date": date.today()})
        action = case.with_user(self.english_clerk).action_reject_outcome()
        self.assertEqual(self.Complaint.browse(action["res_id"]).lang, "zh_CN")

    def test_every_mail_to_a_chinese_complainant_is_chinese_when_an_english_clerk_sends_it(self):
        # The contact's language is English: the case's language decides.
        case = self.make_case(lang="zh_CN", concerns_lab="yes", complainant_name="李女士")
        self.assertEqual(case.partner_id.lang, "en_US")
        clerk_case = case.with_user(self.english_clerk)
        clerk_case.action_acknowledge()
        clerk_case.late_notice_reason = "复检样品需要外送。"
        clerk_case.action_send_late_notice()
        self.approve(case)
        clerk_case.action_send_reply()
        clerk_case.action_accept_outcome()
        clerk_case.action_close()
        acknowledgement, late_notice, reply, end_notice = self.sent_to_complainant(case)
        for mail in (acknowledgement, late_notice, reply, end_notice):
            self.assertIn(SALUTATION_ZH, mail.body_html)
            self.assertNotIn("Dear", mail.body_html)
            self.assertNotIn("Dear", mail.subject)
        self.assertRegex(acknowledgement.body_html, CHINESE_DATE, "the reply deadline as a Chinese date")
        self.assertIn(f"/zh_CN/complaint/status/{case.access_token}", acknowledgement.body_html)
        letter = reply.mail_message_id.attachment_ids.raw.decode()
        # In test mode the letter is its HTML: the received date in the Chinese format.
        self.assertIn("2026/03/02", letter)
        self.assertNotIn("03/02/2026", letter)

    def test_mail_to_an_english_complainant_is_english_when_a_chinese_clerk_sends_it(self):
        case = self.make_case(partner_id=self.chinese_customer.id, concerns_lab="yes")
        self.assertEqual(case.lang, "zh_CN")
        case.with_user(self.chinese_clerk).lang = "en_US"
        case.with_user(self.chinese_clerk).action_acknowledge()
        acknowledgement = self.sent_to_complainant(case)
        self.assertIn("Dear Ms. Li,", acknowledgement.body_html)
        self.assertRegex(acknowledgement.body_html, ENGLISH_DATE)
        # The lab's own name may be Chinese (the demo lab's is); none of the mail's words are.
        self.assertNotRegex(acknowledgement.body_html.replace(case.company_id.name, ""), r"[\u4e00-\u9fff]")
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.chinese_clerk)
            ._render_qweb_html("quality_complaint.action_report_reply_letter", case.ids)[0]
        )
        self.assertIn("03/02/2026", html)

    def test_contact_created_for_the_complainants_address_speaks_the_cases_language(self):
        case = self.make_case(
            partner_id=False, complainant_email="li.na@example.cn", lang="zh_CN", concerns_lab="yes"
        )
        case.with_user(self.english_clerk).action_acknowledge()
        acknowledgement = self.sent_to_complainant(case)
        self.assertEqual(acknowledgement.partner_ids.mapped("lang"), ["zh_CN"])

    def test_follow_up_survey_of_a_chinese_case_is_chinese(self):
        case = self.make_case(partner_id=self.chinese_customer.id)
        case._qc_import_history(
            {"state": "replied", "acceptance": "pending", "reply_date": date.today() - timedelta(days=7)}
        )
        response = (
            self.env["quality.satisfaction.survey"]
            ._cron_followup_surveys()
            .filtered(lambda response: response.complaint_id == case)
        )
        mail = self.env["mail.mail"].search([("body_html", "ilike", response.sudo().access_token)])
        self.assertIn("尊敬的", mail.body_html)
        self.assertIn(f"/zh_CN/satisfaction/{response.access_token}", mail.body_html)

    def test_web_receipt_is_in_the_page_language_with_the_time_without_seconds(self):
        case = submit_public_form(
            self.env, "zh_CN", description="报告中的铅含量有误。", complainant_name="李女士"
        )
        self.assertEqual(case.lang, "zh_CN")
        finish_intake(self.env)
        mail = mails_apart(case)
        self.assertIn(SALUTATION_ZH, mail.body_html)
        self.assertRegex(mail.body_html, CHINESE_DATE.pattern + r" \d{1,2}:\d{2}</strong>")

    def test_published_texts_ship_in_chinese_and_the_labs_own_text_replaces_them(self):
        company = self.company.with_user(self.env.ref("base.user_admin"))
        company.write({"qc_complaint_process": False, "qc_privacy_notice": False})
        self.env["quality.complaint.settings"]._qc_of(self.company).retention_years = 8
        privacy_zh = str(company.with_context(lang="zh_CN")._qc_published_text("qc_privacy_notice"))
        self.assertIn("您的姓名", privacy_zh)
        self.assertIn("结案后 8 年", privacy_zh)
        self.assertNotRegex(privacy_zh, r"\b(We|the|and)\b", "no English left in the Chinese notice")
        process_zh = str(company.with_context(lang="zh_CN")._qc_published_text("qc_complaint_process"))
        self.assertIn("认可机构", process_zh)
        self.assertNotRegex(process_zh, r"\b(We|the|and)\b")
        self.assertIn(
            "8 years after the case is closed",
            str(company.with_context(lang="en_US")._qc_published_text("qc_privacy_notice")),
        )
        # The lab writes its text, then translates it with the field's language button.
        company.with_context(lang="en_US").qc_privacy_notice = "<p>Our own privacy notice.</p>"
        company.update_field_translations(
            "qc_privacy_notice", {"zh_CN": {"Our own privacy notice.": "本实验室自己的隐私声明。"}}
        )
        self.assertIn(
            "本实验室自己的隐私声明",
            company.with_context(lang="zh_CN")._qc_published_text("qc_privacy_notice"),
        )
        self.assertIn(
            "Our own privacy notice",
            company.with_context(lang="en_US")._qc_published_text("qc_privacy_notice"),
        )


@tagged("post_install", "-at_install")
class TestLabLanguage(ComplaintCase):
    """What the module writes for the lab is in the lab's language, or in each reader's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["mail", "quality_complaint"], ["zh_CN"], overwrite=True
        )
        cls.company.partner_id.lang = "zh_CN"
        cls.users["customer_service"].lang = "en_US"

    def notes(self, case):
        return case.message_ids.filtered(lambda message: message.subtype_id == self.env.ref("mail.mt_note"))

    def test_a_visitor_of_the_english_form_leaves_chinese_notes(self):
        case = submit_public_form(
            self.env,
            "en_US",
            description="The lead content is wrong.",
            complainant_name="Ms. Li",
            report="R-1",
            sig="0000000000000000",
        )
        self.assertEqual(case.lang, "en_US", "the complainant is answered in English")
        finish_intake(self.env)
        bodies = " ".join(self.notes(case).mapped("body"))
        self.assertIn("已向投诉人发送附有进度查询链接的回执邮件。", bodies)
        self.assertIn("R-1", bodies)
        self.assertNotIn("Receipt", bodies)
        self.assertIn("创建", " ".join(case.message_ids.mapped("body")), "the creation message too")

    def test_answers_on_the_english_tracking_page_are_recorded_in_chinese(self):
        accepting, rejecting = self.make_case(lang="en_US"), self.make_case(lang="en_US")
        (accepting | rejecting)._qc_import_history(
            {"state": "replied", "acceptance": "pending", "reply_date": date.today()}
        )
        public = self.env.ref("base.public_user")
        accepting.with_user(public).with_context(lang="en_US").sudo()._qc_public_answer_outcome(
            True, "", "198.51.100.9"
        )
        self.assertIn("投诉人已在进度查询页面接受处理结果。", " ".join(self.notes(accepting).mapped("body")))
        self.assertEqual(accepting.activity_ids.summary, "回访投诉人")
        follow_up = (
            rejecting.with_user(public)
            .with_context(lang="en_US")
            .sudo()
            ._qc_public_answer_outcome(False, "", "198.51.100.9")
        )
        self.assertTrue(follow_up.summary.startswith("不接受"))
        self.assertIn(follow_up.name, " ".join(self.notes(rejecting).mapped("body")))

    def test_to_dos_are_written_in_each_readers_language(self):
        chinese_clerk = new_test_user(
            self.env, login="qc_routed_zh", groups=ROLES["customer_service"], name="王客服", lang="zh_CN"
        )
        category = self.env["quality.complaint.category"].create(
            {"name": "Routed", "routing_user_id": chinese_clerk.id}
        )
        case = self.as_role("customer_service").create(
            {"description": "Late report.", "category_id": category.id}
        )
        self.assertEqual(case.activity_ids.summary, f"新案件 {case.name} 待评审")

    def test_refusals_name_the_roles_in_the_users_language(self):
        chinese_member = new_test_user(
            self.env, login="qc_department_zh", groups=ROLES["department"], name="部门成员", lang="zh_CN"
        )
        # The web client sends the user's language with every call.
        with self.assertRaises(UserError) as refusal:
            self.make_case().with_user(chinese_member).with_context(lang="zh_CN").action_acknowledge()
        self.assertIn("客服", str(refusal.exception))
        self.assertNotIn("Customer service", str(refusal.exception))
