from unittest import SkipTest

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInquiryDemo(TransactionCase):
    """The demo shows each new thing: inquiries in every state, hour-based terms, the hand-over."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("quality_complaint.demo_inquiry_price", raise_if_not_found=False):
            raise SkipTest("installed without demo data")

    def test_inquiries_in_every_state(self):
        ref = self.env.ref
        self.assertEqual(ref("quality_complaint.demo_inquiry_price").state, "new")
        urgent = ref("quality_complaint.demo_inquiry_urgent")
        self.assertTrue(urgent.is_overdue, "urgent, unanswered after 4 hours: chased")
        quick = ref("quality_complaint.demo_inquiry_quick")
        self.assertEqual(
            (quick.state, quick.answered_by_id),
            ("answered", ref("quality_complaint.demo_user_customer_service")),
        )
        case = ref("quality_complaint.demo_inquiry_to_case").complaint_id
        self.assertEqual(case, ref("quality_complaint.demo_case_from_inquiry"))
        self.assertEqual(ref("quality_complaint.demo_inquiry_to_capa").capa_id.source, "inquiry")
        self.assertEqual(ref("quality_complaint.demo_inquiry_public").channel, "web")

    def test_clock_hour_policy_and_objection_from_the_collection_period(self):
        case = self.env.ref("quality_complaint.demo_case_clinical")
        self.assertEqual((case.ack_deadline - case.received_date).total_seconds(), 2 * 3600)
        self.assertEqual((case.reply_deadline - case.ack_date).total_seconds(), 24 * 3600)
        self.assertEqual(case.invalid_reason, "out_of_time")
        self.assertIn("报告领取期终止后", case.validity_reasoning, "written in the lab's language")

    def test_a_handling_form_came_back(self):
        case = self.env.ref("quality_complaint.demo_case_04")
        self.assertTrue(case.handover_date)
        self.assertLessEqual(case.handover_date, case.handover_deadline)
