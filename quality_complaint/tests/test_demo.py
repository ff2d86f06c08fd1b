from unittest import SkipTest

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoLab(TransactionCase):
    """The demo is a Chinese lab whose cases went through the workflow by its steps."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls.env.ref("quality_complaint.demo_case_12", raise_if_not_found=False)
        if not cls.case:
            raise SkipTest("installed without demo data")

    def test_the_lab_is_a_chinese_company_working_in_yuan(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company._qc_lang(), "zh_CN")
        self.assertTrue(company.logo)
        self.assertNotIn("YourCompany", company.name)

    def test_each_department_once(self):
        departments = self.env["quality.complaint.department"].search([])
        self.assertEqual(len(departments.mapped("name")), len(set(departments.mapped("name"))))

    def test_a_replied_case_tells_its_story_step_by_step(self):
        """Its chatter has a change of state per step, in Chinese, by the person of the step's role."""
        case = self.case
        self.assertEqual(case.state, "replied")
        self.assertTrue(case.sudo().access_token, "the complainant has a tracking link")
        trail = [
            (message.author_id.user_ids[:1], value.old_value_char, value.new_value_char)
            for message in case.message_ids.sorted(lambda message: (message.date, message.id))
            for value in message.sudo().tracking_value_ids
            if value.field_id.name == "state"
        ]
        demo = {
            role: self.env.ref(f"quality_complaint.demo_user_{role}")
            for role in ("customer_service", "quality_supervisor", "technical_manager", "quality_manager")
        }
        self.assertEqual(
            trail,
            [
                (demo["customer_service"], "新登记", "已受理"),
                (demo["quality_supervisor"], "已受理", "调查核实"),
                (demo["technical_manager"], "调查核实", "处理决定"),
                (demo["quality_manager"], "处理决定", "已批准"),
                (demo["customer_service"], "已批准", "已答复"),
            ],
        )
        dates = [message.date for message in case.message_ids.filtered("tracking_value_ids")]
        self.assertEqual(len(set(dates)), len(dates), "each step on its own day and time")
        self.assertLess(case.ack_date, case.approved_date)
        self.assertEqual(case.investigation_ids.state, "done")

    def test_the_complainant_was_written_to_in_chinese_with_the_tracking_link(self):
        mails = self.case.message_ids.filtered(
            lambda message: message.message_type == "notification" and message.body
        )
        acknowledgement = mails.filtered(lambda message: "受理" in message.body)[:1]
        self.assertTrue(acknowledgement)
        token = self.case.sudo().access_token
        self.assertNotIn(token, acknowledgement.body, "the copy on the case holds no token")
        copies = self.env["mail.mail"].search([("mail_message_id", "=", acknowledgement.id)])
        complainant_copy = copies.filtered(lambda mail: token in mail.body_html)
        self.assertEqual(
            complainant_copy.recipient_ids, self.case.sudo().identity_id.partner_id, "their copy only"
        )
        self.assertIn(f"/zh_CN/complaint/status/{token}", complainant_copy.body_html)
        self.assertIn("尊敬的", complainant_copy.body_html)

    def test_the_portal_customer_follows_her_companys_cases(self):
        portal = self.env.ref("quality_complaint.demo_user_portal_customer")
        self.assertTrue(portal.share)
        cases = self.env["quality.complaint"]._qc_portal_cases(portal.partner_id, limit=100, offset=0)
        self.assertIn(self.env.ref("quality_complaint.demo_case_22"), cases)
        self.assertGreater(len(cases), 1)
        self.assertEqual(self.env.ref("quality_complaint.demo_case_22").channel, "portal")

    def test_demo_texts_are_chinese(self):
        cases = self.env["quality.complaint"].search([("id", "in", self._demo_case_ids())])
        self.assertGreater(len(cases), 20)
        for case in cases:
            self.assertRegex(case.summary, r"[\u4e00-\u9fff]", case.name)
        self.assertEqual(set(cases.mapped("lang")), {"zh_CN"})

    def test_the_fluoride_results_recur_and_led_to_a_corrective_action(self):
        cluster = self.env.ref("quality_complaint.demo_cluster_method")
        self.assertEqual(cluster.key_text, "GB/T 5750.5-2023")
        self.assertIn(self.case, cluster.complaint_ids)
        self.assertEqual(cluster.case_count, 3)
        self.assertEqual(cluster.state, "action_created")
        self.assertEqual(cluster.capa_id, self.env.ref("quality_complaint.demo_capa_cluster_method"))
        self.assertEqual(cluster.decided_by_id, self.env.ref("quality_complaint.demo_user_quality_manager"))
        self.assertRegex(cluster.capa_id.title, r"[\u4e00-\u9fff]")
        dismissed = self.env.ref("quality_complaint.demo_cluster_category")
        self.assertEqual(dismissed.state, "dismissed")
        self.assertTrue(dismissed.dismiss_reason)
        # The department's is still to decide: the quality manager has the to-do.
        proposed = self.env["quality.complaint.cluster"].search(
            [("state", "=", "proposed"), ("complaint_ids", "in", cluster.complaint_ids.ids)]
        )
        self.assertTrue(
            proposed.activity_ids.filtered(lambda activity: activity.user_id == cluster.decided_by_id)
        )

    def _demo_case_ids(self):
        return (
            self.env["ir.model.data"]
            .search([("module", "=", "quality_complaint"), ("model", "=", "quality.complaint")])
            .mapped("res_id")
        )
