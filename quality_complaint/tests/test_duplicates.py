from datetime import datetime
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..duplicates import normalise_text
from ..models.quality_workflow_mixin import StepRequired
from .common import ComplaintCase, finish_intake, load_migration

IP = "203.0.113.23"
LEAD_ZH = "检测报告中铅含量数据错误，要求复测。样品编号S-0007。"
LEAD_ZH_REWORDED = "我们对报告中的铅含量检测结果有异议，请求复检。样品编号S-0007。"
STAFF_ZH = "客服人员电话里态度恶劣，不耐烦地挂断电话。"
LATE_EN = "The test report is overdue and we cannot ship our goods."
LATE_EN_REWORDED = "We still have not received the test report, it is late and delays our shipment."


@tagged("post_install", "-at_install")
class TestDuplicates(ComplaintCase):
    """Likely duplicates while a case is typed and at the public form's
    intake, and the link of a duplicate to its original."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_customer = cls.env["res.partner"].create({"name": "Other Foods", "is_company": True})
        cls.original = cls.make_case_cls(
            description=LEAD_ZH,
            report_ref="BG-2026-0107",
            sample_ref="S-0007",
            received_date=datetime(2026, 3, 2),
        )

    @classmethod
    def make_case_cls(cls, **values):
        defaults = {
            "partner_id": cls.customer.id,
            "category_id": cls.env.ref("quality_complaint.category_turnaround").id,
        }
        defaults.update(values)
        return cls.env["quality.complaint"].create(defaults)

    def typed(self, role="customer_service", **values):
        """A case being typed in the form, not saved."""
        defaults = {
            "partner_id": self.customer.id,
            "received_date": datetime(2026, 3, 20),
            "category_id": self.env.ref("quality_complaint.category_turnaround").id,
        }
        defaults.update(values)
        return self.as_role(role).new(defaults)

    # === Scoring === #

    def test_reworded_chinese_complaint_is_warned_with_what_matched(self):
        typed = self.typed(description=LEAD_ZH_REWORDED, report_ref="bg-2026-0107 ")
        self.assertEqual(typed.duplicate_top_id, self.original)
        self.assertGreaterEqual(typed.duplicate_top_score, 50)
        self.assertIn(self.original.name, typed.duplicate_warning)
        self.assertIn("same report no.", typed.duplicate_warning)
        self.assertIn(f"/odoo/quality.complaint/{self.original.id}", typed.duplicate_warning)

    def test_reworded_chinese_ranks_above_a_look_alike_of_the_same_customer(self):
        look_alike = self.make_case(
            description=STAFF_ZH, report_ref="BG-2026-0107", received_date=datetime(2026, 3, 5)
        )
        rows = self.Complaint._qc_duplicate_rows(
            self.typed(description=LEAD_ZH_REWORDED, report_ref="BG-2026-0107")._qc_duplicate_values(),
            datetime(2026, 3, 20),
            [],
        )
        scores = {row["id"]: row["score"] for row in rows}
        self.assertGreater(scores[self.original.id], scores[look_alike.id])
        self.assertGreaterEqual(scores[self.original.id], 50)
        self.assertLess(scores[look_alike.id], 50, "another problem of the same report is not a duplicate")

    def test_english_near_duplicate_ranks_above_the_same_wording_from_another_customer(self):
        original = self.make_case(
            description=LATE_EN, report_ref="BG-2026-0300", received_date=datetime(2026, 3, 3)
        )
        same_words = self.make_case(
            description=LATE_EN,
            partner_id=self.other_customer.id,
            report_ref="BG-2026-0999",
            received_date=datetime(2026, 3, 4),
        )
        typed = self.typed(description=LATE_EN_REWORDED, report_ref="BG-2026-0300")
        self.assertEqual(typed.duplicate_top_id, original)
        rows = self.Complaint._qc_duplicate_rows(typed._qc_duplicate_values(), datetime(2026, 3, 20), [])
        scores = {row["id"]: row["score"] for row in rows}
        self.assertLess(
            scores.get(same_words.id, 0), 50, "the same words about another sample are not a duplicate"
        )

    def test_a_protected_complainant_is_never_said_to_be_the_same_customer(self):
        self.original.confidential = True
        typed = self.typed(description=LEAD_ZH, report_ref="BG-2026-0107")
        self.assertEqual(typed.duplicate_top_id, self.original)
        self.assertNotIn("same customer", typed.duplicate_warning)

    def test_without_pg_trgm_the_fields_still_warn(self):
        with patch.object(self.env.registry, "has_trigram", False):
            typed = self.typed(description="Other words entirely.", report_ref="BG-2026-0107")
            self.assertEqual(typed.duplicate_top_id, self.original)
            self.assertNotIn("similar text", typed.duplicate_warning)

    def test_nothing_over_the_threshold_no_warning(self):
        typed = self.typed(
            partner_id=self.other_customer.id, description="Our invoice shows the wrong amount."
        )
        self.assertFalse(typed.duplicate_warning)
        self.assertFalse(typed.duplicate_top_id)

    def test_threshold_is_the_companys_setting(self):
        self.env["quality.complaint.settings"]._qc_of(self.company).duplicate_threshold = 100
        typed = self.typed(description=LEAD_ZH_REWORDED, report_ref="BG-2026-0107")
        self.assertFalse(typed.duplicate_warning)

    def test_warning_updates_as_the_form_is_typed(self):
        with Form(self.as_role("customer_service")) as form:
            form.description = "Our invoice shows the wrong amount."
            form.received_date = datetime(2026, 3, 20)
            self.assertFalse(form.duplicate_warning)
            form.partner_id = self.customer
            form.report_ref = "BG-2026-0107"
            form.description = LEAD_ZH_REWORDED
            self.assertEqual(form.duplicate_top_id, self.original)

    def test_one_query_whatever_the_number_of_candidates(self):
        def queries():
            self.env.invalidate_all()
            typed = self.typed(description=LEAD_ZH_REWORDED, report_ref="BG-2026-0107")
            # What the other records still have to write is not the check's.
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.assertTrue(typed.duplicate_warning)
            return self.env.cr.sql_log_count - before

        self.make_case(description=LEAD_ZH, report_ref="BG-2026-0107", sample_ref="S-first")
        # Warm up the caches (settings, rights) the first computation fills.
        queries()
        few = queries()
        for number in range(10):
            self.make_case(description=LEAD_ZH, report_ref="BG-2026-0107", sample_ref=f"S-{number}")
        self.env.flush_all()
        # The new cases evicted the user from the cache: warm it again.
        queries()
        self.assertEqual(queries(), few)

    def test_a_summary_opening_the_description_is_compared_once(self):
        opening = "The lead content in report R-9 is wrong."
        description = opening + " Please re-test the retained sample."
        web_like = self.make_case(summary=opening, description=description)
        titled = self.make_case(summary="Lead disputed", description=description)
        self.assertEqual(web_like.duplicate_text, normalise_text(description))
        self.assertEqual(titled.duplicate_text, normalise_text("Lead disputed", description))

    def test_migration_compares_earlier_web_cases_like_new_ones(self):
        opening = "The lead content in report R-9 is wrong."
        case = self.make_case(summary=opening, description=opening + " Please re-test.")
        self.env.flush_all()
        repeated = normalise_text(case.summary, case.description)
        self.env.cr.execute(
            "UPDATE quality_complaint SET duplicate_text = %s WHERE id = %s", (repeated, case.id)
        )
        self.env.invalidate_all()
        load_migration("19.0.1.7.0").migrate(self.env.cr, "19.0.1.6.0")
        self.env.invalidate_all()
        self.assertEqual(case.duplicate_text, normalise_text(case.description))

    def test_public_submission_is_registered_with_its_suggestion_and_says_nothing(self):
        public = self.Complaint.with_user(self.env.ref("base.public_user"))
        values = {
            "kind": "complaint",
            "description": LEAD_ZH,
            "report": "BG-2026-0107",
            "complainant_name": "Li Na",
            "complainant_email": "li.na@example.com",
            "privacy_consent": "1",
        }
        case = public._create_from_public_form(values, [], IP).sudo()
        self.assertTrue(case.duplicate_check_pending, "scored by the intake job, not while the visitor waits")
        finish_intake(self.env)
        self.assertFalse(case.duplicate_check_pending)
        self.assertEqual(case.suspected_duplicate_id, self.original)
        self.assertGreaterEqual(case.suspected_duplicate_score, 50)
        self.assertEqual(case.state, "new", "the case is registered all the same")
        self.assertIn(case, self.Complaint.search([("suspected_duplicate_id", "!=", False)]))

    def test_a_case_saved_by_the_front_desk_keeps_its_suspicion(self):
        case = self.as_role("customer_service").create(
            {
                "partner_id": self.customer.id,
                "description": LEAD_ZH_REWORDED,
                "report_ref": "BG-2026-0107",
                "received_date": datetime(2026, 3, 20),
            }
        )
        finish_intake(self.env)
        self.assertEqual(case.suspected_duplicate_id, self.original)
        self.assertGreaterEqual(case.suspected_duplicate_score, 50)
        # Read again, the stored case is not scored a second time.
        self.assertFalse(case.duplicate_warning)

    def test_a_follow_up_is_not_suspected_of_its_first_case(self):
        follow_up = self.Complaint.create(
            {
                "partner_id": self.customer.id,
                "description": LEAD_ZH,
                "report_ref": "BG-2026-0107",
                "sample_ref": "S-0007",
                "received_date": datetime(2026, 3, 20),
                "parent_id": self.original.id,
            }
        )
        finish_intake(self.env)
        self.assertFalse(follow_up.duplicate_check_pending, "checked")
        self.assertFalse(follow_up.suspected_duplicate_id)

    def test_suggestion_is_never_written_by_a_client(self):
        with self.assertRaises(StepRequired):
            self.as_role("customer_service").create(
                {
                    "description": "x",
                    "suspected_duplicate_id": self.original.id,
                    "suspected_duplicate_score": 90,
                }
            )

    # === Link as duplicate === #

    def test_supervisor_links_a_duplicate_who_when_why(self):
        duplicate = self.make_case(description=LEAD_ZH_REWORDED, report_ref="BG-2026-0107")
        duplicate.with_user(self.users["supervisor"]).action_link_duplicate(
            original_id=self.original.id, reason="Same report, sent again by phone"
        )
        self.assertEqual(duplicate.state, "cancelled")
        self.assertEqual(duplicate.duplicate_of_id, self.original)
        self.assertEqual(duplicate.duplicate_linked_by_id, self.users["supervisor"])
        self.assertTrue(duplicate.duplicate_linked_date)
        self.assertEqual(duplicate.duplicate_reason, "Same report, sent again by phone")
        self.assertIn(self.original.name, duplicate.cancel_reason)
        self.assertEqual(self.original.duplicate_count, 1)
        self.assertEqual(self.original.duplicate_ids, duplicate)
        self.assertIn(duplicate.name, self.original.message_ids[0].body)

    def test_a_case_just_saved_counts_its_duplicates_without_a_query(self):
        # The form reads the count back right after saving: nothing can point to the case yet.
        case = self.as_role("customer_service").create({"description": LEAD_ZH_REWORDED})
        case.invalidate_recordset(["duplicate_count"])
        with self.assertQueryCount(0):
            self.assertEqual(case.duplicate_count, 0)

    def test_customer_service_may_not_link(self):
        duplicate = self.make_case(description=LEAD_ZH_REWORDED)
        with self.assertRaises(UserError):
            duplicate.with_user(self.users["customer_service"]).action_link_duplicate(
                original_id=self.original.id, reason="Same"
            )
        self.assertFalse(duplicate.duplicate_of_id)

    def test_link_fields_are_never_written_directly(self):
        duplicate = self.make_case(description=LEAD_ZH_REWORDED)
        for values in (
            {"duplicate_of_id": self.original.id},
            {"duplicate_reason": "Same"},
            {"duplicate_linked_by_id": self.users["quality"].id},
        ):
            with self.assertRaises(StepRequired):
                duplicate.with_user(self.users["quality"]).write(values)
        with self.assertRaises(StepRequired):
            self.as_role("quality").create({"description": "x", "duplicate_of_id": self.original.id})
        with self.assertRaises(StepRequired):
            self.original.with_user(self.users["quality"]).copy({"duplicate_of_id": self.original.id})

    def test_the_suspicion_and_what_it_compared_are_never_written_directly(self):
        # A clerk who could clear the suspicion, or the keys it was found by,
        # would hide a repeated complaint from the supervisor.
        case = self.make_case(description=LEAD_ZH_REWORDED, report_ref="BG-2026-0107")
        finish_intake(self.env)
        self.assertEqual(case.suspected_duplicate_id, self.original)
        for values in (
            {"suspected_duplicate_id": False},
            {"duplicate_check_pending": True},
            {"suspected_duplicate_score": 0},
            {"duplicate_report_key": "OTHER"},
            {"duplicate_lot_key": "OTHER"},
            {"duplicate_text": "other words"},
        ):
            for role in ("customer_service", "quality"):
                with self.assertRaises(StepRequired):
                    case.with_user(self.users[role]).write(values)
        self.assertEqual(case.suspected_duplicate_id, self.original)
        self.assertEqual(case.duplicate_report_key, "BG-2026-0107")

    def test_copy_of_a_duplicate_is_not_linked(self):
        duplicate = self.make_case(description=LEAD_ZH_REWORDED)
        duplicate.with_user(self.users["supervisor"]).action_link_duplicate(
            original_id=self.original.id, reason="Same"
        )
        copy = self.original.with_user(self.users["quality"]).copy()
        self.assertFalse(copy.duplicate_ids)
        self.assertEqual(self.original.duplicate_count, 1)

    def test_link_needs_a_reason_and_an_original(self):
        duplicate = self.make_case(description=LEAD_ZH_REWORDED)
        supervisor = duplicate.with_user(self.users["supervisor"])
        with self.assertRaises(UserError):
            supervisor.action_link_duplicate(original_id=self.original.id, reason=" ")
        with self.assertRaises(UserError):
            supervisor.action_link_duplicate(original_id=False, reason="Same")

    def test_not_a_duplicate_of_itself(self):
        with self.assertRaises(ValidationError):
            self.original.with_user(self.users["supervisor"]).action_link_duplicate(
                original_id=self.original.id, reason="Same"
            )

    def test_not_a_duplicate_of_another_companys_case(self):
        other_company = self.env["res.company"].create({"name": "Second lab"})
        supervisor = new_test_user(
            self.env,
            login="qc_supervisor_two_labs",
            groups="quality_complaint.group_quality_supervisor",
            company_ids=[self.company.id, other_company.id],
        )
        elsewhere = self.make_case(description=LEAD_ZH, company_id=other_company.id, partner_id=False)
        duplicate = self.make_case(description=LEAD_ZH_REWORDED)
        with self.assertRaises(ValidationError):
            duplicate.with_user(supervisor).with_context(
                allowed_company_ids=[self.company.id, other_company.id]
            ).action_link_duplicate(original_id=elsewhere.id, reason="Same")

    def test_not_a_duplicate_of_a_duplicate(self):
        first = self.make_case(description=LEAD_ZH_REWORDED)
        first.with_user(self.users["supervisor"]).action_link_duplicate(
            original_id=self.original.id, reason="Same"
        )
        second = self.make_case(description=LEAD_ZH_REWORDED)
        with self.assertRaises(UserError):
            # The duplicate is cancelled: never an original.
            second.with_user(self.users["supervisor"]).action_link_duplicate(
                original_id=first.id, reason="Same"
            )

    def test_an_original_with_duplicates_stays_an_original(self):
        first = self.make_case(description=LEAD_ZH_REWORDED)
        first.with_user(self.users["supervisor"]).action_link_duplicate(
            original_id=self.original.id, reason="Same"
        )
        later = self.make_case(description=LEAD_ZH)
        with self.assertRaises(ValidationError):
            self.original.with_user(self.users["supervisor"]).action_link_duplicate(
                original_id=later.id, reason="Same"
            )

    def test_constraint_refuses_a_duplicate_as_original(self):
        first = self.make_case(description=LEAD_ZH_REWORDED)
        first.with_user(self.users["supervisor"]).action_link_duplicate(
            original_id=self.original.id, reason="Same"
        )
        second = self.make_case(description=LEAD_ZH_REWORDED)
        with self.assertRaises(ValidationError):
            second._qc_step("link_duplicate").write({"duplicate_of_id": first.id})

    def test_not_once_past_investigation(self):
        decided = self.make_case(description=LEAD_ZH_REWORDED)
        decided._qc_step("import_history").write({"state": "decision"})
        with self.assertRaises(UserError):
            decided.with_user(self.users["quality"]).action_link_duplicate(
                original_id=self.original.id, reason="Same"
            )

    def test_not_a_duplicate_after_all(self):
        duplicate = self.make_case(description=LEAD_ZH_REWORDED)
        duplicate.with_user(self.users["supervisor"]).action_link_duplicate(
            original_id=self.original.id, reason="Same"
        )
        with self.assertRaises(UserError):
            duplicate.with_user(self.users["customer_service"]).action_unlink_duplicate(reason="Other sample")
        with self.assertRaises(UserError):
            duplicate.with_user(self.users["supervisor"]).action_unlink_duplicate(reason="")
        duplicate.with_user(self.users["supervisor"]).action_unlink_duplicate(
            reason="Another sample after all"
        )
        self.assertEqual(duplicate.state, "new")
        self.assertFalse(duplicate.duplicate_of_id)
        self.assertFalse(duplicate.close_date)
        self.assertEqual(self.original.duplicate_count, 0)
        self.assertIn("Another sample after all", duplicate.message_ids[0].body)
        with self.assertRaises(UserError):
            duplicate.with_user(self.users["supervisor"]).action_unlink_duplicate(reason="Again")

    def test_a_cancelled_case_is_not_reopened_by_the_undo(self):
        cancelled = self.make_case(description=STAFF_ZH, cancel_reason="Spam")
        cancelled.with_user(self.users["supervisor"]).action_cancel()
        with self.assertRaises(UserError):
            cancelled.with_user(self.users["supervisor"]).action_unlink_duplicate(reason="Not spam")
        self.assertEqual(cancelled.state, "cancelled")

    def test_reason_dialog_links_to_the_suggested_original(self):
        duplicate = self.make_case(
            description=LEAD_ZH_REWORDED, report_ref="BG-2026-0107", received_date=datetime(2026, 3, 20)
        )
        finish_intake(self.env)
        wizard = (
            self.env["quality.complaint.reason.wizard"]
            .with_user(self.users["supervisor"])
            .create(
                {"complaint_ids": [(6, 0, duplicate.ids)], "step": "link_duplicate", "reason": "Same report"}
            )
        )
        self.assertEqual(wizard.duplicate_original_id, self.original)
        wizard.action_confirm()
        self.assertEqual(duplicate.duplicate_of_id, self.original)
