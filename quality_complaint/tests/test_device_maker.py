import base64
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.quality_complaint_regulatory import DEVICE_REGISTER_COLUMNS
from ..models.quality_workflow_mixin import StepRequired
from .common import ROLES, ComplaintCase

REGULATORY = "quality_complaint.group_regulatory_reporting"


@tagged("post_install", "-at_install")
class TestDeviceMaker(ComplaintCase):
    """Device makers' records, behind the regulatory-reporting setting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        regulatory = cls.env.ref(REGULATORY)
        for user in cls.users.values():
            user.group_ids = [fields.Command.link(regulatory.id)]
        # A quality supervisor of a lab that reports to no regulator.
        cls.plain_supervisor = new_test_user(
            cls.env, login="qc_plain_supervisor", groups=ROLES["supervisor"], name="QC plain supervisor"
        )
        cls.meter = cls.env["product.product"].create(
            {"name": "Glucose meter GM-300", "default_code": "GM-300-EU", "type": "consu"}
        )
        cls.AdverseEvent = cls.env["quality.complaint.adverse.event"]
        cls.DeviceAction = cls.env["quality.complaint.device.action"]
        cls.CostLine = cls.env["quality.complaint.cost.line"]

    def device_case(self, **values):
        return self.acknowledged_case(
            product_id=self.meter.id,
            device_model="TM-9",
            device_lot="T-LOT-7781",
            device_shipping_date="2026-01-15",
            **values,
        )

    def injured_case(self, **values):
        case = self.device_case(**values)
        case.with_user(self.users["customer_service"]).write({"serious_injury": "yes"})
        return case

    # Product data

    def test_product_data_is_on_the_case_searchable_and_in_the_register(self):
        case = self.device_case()
        self.assertEqual(case.device_product_code, "GM-300-EU", "the product's own code by default")
        clerk = self.as_role("customer_service")
        for field_name, value in (
            ("device_lot", "LOT-7781"),
            ("device_model", "TM-9"),
            ("device_product_code", "300-EU"),
            ("device_shipping_date", "2026-01-15"),
        ):
            operator = "=" if field_name == "device_shipping_date" else "ilike"
            self.assertEqual(clerk.search([(field_name, operator, value)]), case, field_name)
        wizard = self.env["quality.complaint.register.wizard"].with_user(self.users["supervisor"])
        wizard = wizard.create({"register": "complaint", "complaint_ids": [fields.Command.set(case.ids)]})
        _model, columns, _cases = wizard._complaint_rows()
        self.assertTrue(set(DEVICE_REGISTER_COLUMNS) <= set(columns))
        self.assertTrue(wizard._qc_export_file()[1])

    def test_product_data_stays_hidden_without_the_setting(self):
        case = self.device_case()
        with self.assertRaises(AccessError):
            case.with_user(self.plain_supervisor).read(["device_lot"])
        with self.assertRaises(AccessError):
            case.with_user(self.plain_supervisor).write({"device_lot": "X"})
        wizard = self.env["quality.complaint.register.wizard"].with_user(self.plain_supervisor)
        wizard = wizard.create({"register": "complaint", "complaint_ids": [fields.Command.set(case.ids)]})
        self.assertFalse(set(DEVICE_REGISTER_COLUMNS) & set(wizard._complaint_rows()[1]))
        self.assertTrue(wizard._qc_export_file()[1])

    def test_device_records_are_refused_without_the_setting(self):
        case = self.device_case()
        with self.assertRaisesRegex(UserError, "Regulatory reporting is off"):
            self.DeviceAction.with_user(self.plain_supervisor).create({"complaint_id": case.id})

    def test_reporting_periods_are_company_settings_of_at_least_a_day(self):
        settings = self.env["quality.complaint.settings"]._qc_of(self.company)
        settings.adverse_event_injury_days = 15
        event = self.injured_case().adverse_event_ids
        self.assertEqual(event.report_deadline, event.aware_date + timedelta(days=15))
        with self.assertRaises(ValidationError):
            settings.adverse_event_death_days = 0

    # Adverse events

    def test_serious_injury_starts_the_assessment_at_once(self):
        case = self.injured_case()
        event = case.adverse_event_ids
        self.assertEqual(len(event), 1)
        self.assertEqual(event.state, "open")
        self.assertEqual(event.started_by_id, self.users["customer_service"])
        self.assertEqual(event.report_deadline, event.aware_date + timedelta(days=20))
        event.consequence = "death"
        self.assertEqual(event.report_deadline, event.aware_date + timedelta(days=7))
        with self.assertRaisesRegex(ValidationError, "stays recorded"):
            case.with_user(self.users["customer_service"]).write({"serious_injury": "no"})

    def test_only_a_supervisor_not_involved_concludes_the_assessment(self):
        case = self.injured_case(involved_user_ids=[fields.Command.link(self.users["quality"].id)])
        event = case.adverse_event_ids
        event.with_user(self.users["customer_service"]).write(
            {"outcome": "reportable", "assessment_note": "A patient went to intensive care."}
        )
        with self.assertRaisesRegex(UserError, "Only the role"):
            event.with_user(self.users["customer_service"]).action_conclude()
        with self.assertRaisesRegex(UserError, "impartiality"):
            event.with_user(self.users["quality"]).action_conclude()
        with self.assertRaises(StepRequired):
            event.with_user(self.users["customer_service"]).write({"state": "assessed"})
        with self.assertRaises(StepRequired):
            event.with_user(self.users["supervisor"]).write({"assessor_id": self.users["supervisor"].id})
        self.assertEqual(event.state, "open")

    def test_the_assessment_decides_the_reportability_of_the_case(self):
        case = self.injured_case()
        event = case.adverse_event_ids
        supervisor = event.with_user(self.users["supervisor"])
        with self.assertRaisesRegex(UserError, "outcome"):
            supervisor.action_conclude()
        with self.assertRaisesRegex(ValidationError, "not concluded"):
            case.with_user(self.users["customer_service"]).write({"regulatory_reportable": "no"})
        supervisor.write({"outcome": "reportable", "assessment_note": "A patient went to intensive care."})
        supervisor.action_conclude()
        self.assertEqual(event.assessor_id, self.users["supervisor"])
        self.assertEqual(event.assessment_date, fields.Date.context_today(supervisor), "the assessor's day")
        self.assertEqual(case.regulatory_reportable, "yes")
        self.assertEqual(case.regulatory_deadline, event.report_deadline)
        with self.assertRaisesRegex(ValidationError, "must be reported"):
            case.with_user(self.users["quality"]).write({"regulatory_reportable": "no"})
        with self.assertRaisesRegex(UserError, "concluded"):
            supervisor.write({"outcome": "not_reportable"})

    def test_reporting_records_the_regulators_reference_on_the_case(self):
        case = self.injured_case()
        event = case.adverse_event_ids.with_user(self.users["supervisor"])
        event.write({"outcome": "reportable", "assessment_note": "Serious injury."})
        event.action_conclude()
        with self.assertRaisesRegex(UserError, "reference"):
            event.action_mark_reported()
        event.regulator_ref = "MDAE-2026-03117"
        with self.assertRaisesRegex(UserError, "Only the role"):
            event.with_user(self.users["customer_service"]).action_mark_reported()
        event.action_mark_reported()
        self.assertEqual(event.state, "reported")
        self.assertEqual(case.regulatory_report_date, fields.Date.context_today(event))
        self.assertEqual(case.regulatory_report_by_id, self.users["supervisor"])
        with self.assertRaisesRegex(UserError, "reported"):
            event.write({"regulator_ref": "other"})

    def test_overdue_job_chases_each_late_report_once_in_constant_queries(self):
        def late_events(count):
            events = self.AdverseEvent
            for _index in range(count):
                case = self.injured_case()
                case.adverse_event_ids.aware_date = date.today() - timedelta(days=30)
                events |= case.adverse_event_ids
            return events

        def chase_queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.AdverseEvent._qc_chase_overdue_reports()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        on_time = self.injured_case().adverse_event_ids
        warm_up = late_events(1)
        self.AdverseEvent._qc_chase_overdue_reports()
        self.assertTrue(warm_up.is_overdue)
        self.assertFalse(on_time.is_overdue)
        late_events(1)
        for_one = chase_queries()
        several = late_events(4)
        self.assertEqual(chase_queries(), for_one, "the same queries whatever the number of late reports")
        self.assertTrue(all(several.mapped("is_overdue")))
        self.assertEqual(len(several.activity_ids), 4)
        self.assertEqual(
            several.activity_ids.user_id, self.users["customer_service"] | several.complaint_id.user_id
        )
        late_again = several.activity_ids
        self.AdverseEvent._qc_chase_overdue_reports()
        self.assertEqual(several.activity_ids, late_again, "chased once")
        with self.assertRaises(StepRequired):
            on_time.with_user(self.users["quality"]).write({"is_overdue": True})

    def test_scheduled_overdue_job_chases_the_reports(self):
        event = self.injured_case().adverse_event_ids
        event.aware_date = date.today() - timedelta(days=30)
        with self.enter_registry_test_mode():
            self.env.ref("quality_complaint.ir_cron_process_overdue").method_direct_trigger()
        self.assertTrue(event.is_overdue)

    # Returns, exchanges, recalls, advisory notices

    def test_a_return_goes_through_its_states_with_its_dates(self):
        case = self.device_case(investigator_ids=[fields.Command.link(self.users["department"].id)])
        clerk = self.DeviceAction.with_user(self.users["customer_service"])
        action = clerk.create({"complaint_id": case.id, "action_type": "return", "quantity": 2})
        self.assertTrue(action.name.startswith("RMA/"))
        self.assertEqual(case.device_action_ids, action)
        with self.assertRaises(StepRequired):
            action.write({"state": "done"})
        with self.assertRaises(StepRequired):
            action.write({"done_date": "2026-03-05"})
        with self.assertRaisesRegex(UserError, "Only the role"):
            action.with_user(self.users["department"]).action_start()
        action.action_start()
        action.action_complete()
        self.assertEqual(action.state, "done")
        self.assertEqual(action.done_date, fields.Date.context_today(action))
        with self.assertRaisesRegex(UserError, "finished"):
            action.write({"quantity": 3})
        self.assertFalse(
            self.DeviceAction._selection_stock_document() and "stock" not in self.env.registry._init_modules
        )

    def test_recalls_and_advisory_notices_are_the_quality_managers(self):
        case = self.device_case()
        clerk = self.DeviceAction.with_user(self.users["customer_service"])
        for action_type in ("recall", "advisory_notice"):
            with self.assertRaisesRegex(UserError, "Only the role"):
                clerk.create({"complaint_id": case.id, "action_type": action_type})
        exchange = clerk.create({"complaint_id": case.id, "action_type": "exchange"})
        with self.assertRaisesRegex(UserError, "Only the role"):
            exchange.write({"action_type": "recall"})
        recall = self.DeviceAction.with_user(self.users["quality"]).create(
            {"complaint_id": case.id, "action_type": "recall", "lot_ref": "T-LOT-7781"}
        )
        with self.assertRaisesRegex(UserError, "Only the role"):
            recall.with_user(self.users["customer_service"]).action_start()
        with self.assertRaisesRegex(UserError, "Only the role"):
            recall.with_user(self.users["customer_service"]).write({"quantity": 400})
        recall.action_start()
        self.assertEqual(recall.state, "in_progress")

    # Cost of handling

    def test_costs_add_up_on_the_case_and_in_the_statistics(self):
        case = self.device_case()
        clerk = self.CostLine.with_user(self.users["customer_service"])
        clerk.create({"complaint_id": case.id, "cost_type": "freight", "name": "Courier", "amount": 150.0})
        clerk.create(
            {"complaint_id": case.id, "cost_type": "replacement", "name": "Two meters", "amount": 1600.0}
        )
        self.assertEqual(case.handling_cost, 1750.0)
        with self.assertRaises(AccessError):
            self.CostLine.with_user(self.users["department"]).create(
                {"complaint_id": case.id, "name": "Lunch", "amount": 10.0}
            )
        with self.assertRaisesRegex(ValidationError, "positive"), self.cr.savepoint():
            clerk.create({"complaint_id": case.id, "name": "Refund", "amount": -5.0})
        dashboard = self.env["quality.complaint.dashboard"].create(
            {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
        )
        self.assertEqual(dashboard.handling_cost, 1750.0)
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.users["quality"])
            ._render_qweb_html("quality_complaint.action_report_statistics", dashboard.ids)[0]
        )
        self.assertIn("Cost of handling", html)

    def test_costs_of_a_closed_case_are_kept(self):
        case = self.device_case()
        line = self.CostLine.with_user(self.users["customer_service"]).create(
            {"complaint_id": case.id, "name": "Courier", "amount": 150.0}
        )
        case.cancel_reason = "Duplicate of an earlier case."
        case.with_user(self.users["supervisor"]).action_cancel()
        clerk = line.with_user(self.users["customer_service"])
        with self.assertRaisesRegex(UserError, "closed"):
            clerk.write({"amount": 1.0})
        with self.assertRaisesRegex(UserError, "closed"):
            clerk.unlink()
        with self.assertRaisesRegex(UserError, "closed"):
            clerk.create({"complaint_id": case.id, "name": "Late invoice", "amount": 5.0})

    # The customer's 8D reply

    def _capa(self, case):
        capa = self.env["quality.corrective.action"].create(
            {
                "title": "Meters read low in the cold",
                "complaint_id": case.id,
                "emergency_response": "Shipping of lot T-LOT-7781 stopped.",
                "problem_what": "Readings 30% below the laboratory's.",
                "containment": "Lot recalled.",
                "root_cause": "Temperature compensation set wrong in the firmware.",
                "prevention": "Cold-room test before each firmware release.",
                "closure_note": "Team thanked at the quality meeting.",
            }
        )
        self.env["quality.corrective.action.line"].create(
            {
                "capa_id": capa.id,
                "name": "Correct the firmware parameter",
                "responsible_id": self.users["technical"].id,
                "due_date": "2026-04-30",
            }
        )
        return capa

    def _render_8d(self, case, user):
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html("quality_complaint.action_report_customer_8d", case.ids)[0]
            .decode()
        )

    def test_8d_reply_lays_out_d0_to_d8_from_the_case_and_its_capa(self):
        case = self.device_case()
        self._capa(case)
        self.CostLine.create({"complaint_id": case.id, "name": "Internal courier booking", "amount": 150.0})
        html = self._render_8d(case, self.users["customer_service"])
        for expected in (
            "D0",
            "D1",
            "D2",
            "D3",
            "D4",
            "D5",
            "D6",
            "D7",
            "D8",
            "Shipping of lot T-LOT-7781 stopped.",
            "Temperature compensation set wrong",
            "Correct the firmware parameter",
            "Cold-room test",
            "GM-300-EU",
            "T-LOT-7781",
        ):
            self.assertIn(expected, html)
        self.assertNotIn("Internal courier booking", html, "internal costs stay internal")

    def test_8d_reply_without_the_setting_leaves_the_product_data_out(self):
        case = self.device_case()
        self._capa(case)
        self.DeviceAction.create({"complaint_id": case.id, "document_ref": "RMA-HIDDEN"})
        html = self._render_8d(case, self.plain_supervisor)
        self.assertIn("Temperature compensation set wrong", html)
        self.assertNotIn("Lot / serial number", html)
        self.assertNotIn("RMA/", html)
        copy = case.with_user(self.plain_supervisor).copy()
        self.assertFalse(copy.sudo().device_lot, "a copy starts without the product data")

    def test_8d_reply_is_printed_in_the_complainants_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        case = self.device_case(lang="zh_CN")
        self._capa(case)
        html = self._render_8d(case, self.users["customer_service"])
        for heading in ("D0 准备与应急措施", "D4 根本原因", "D8 关闭", "批号/序列号"):
            self.assertIn(heading, html)
        self.assertNotIn("Root cause", html)

    def test_a_customer_format_reply_needs_the_customers_form(self):
        case = self.approve(self.device_case(customer_8d_format="customer"))
        clerk = case.with_user(self.users["customer_service"])
        with self.assertRaisesRegex(UserError, "own format"):
            clerk.action_send_reply()
        self.assertEqual(case.state, "approved")
        form = self.env["ir.attachment"].create(
            {
                "name": "8D form of the customer.xlsx",
                "datas": base64.b64encode(b"filled in"),
                "res_model": case._name,
                "res_id": case.id,
            }
        )
        elsewhere = form.copy({"res_id": self.device_case().id})
        with self.assertRaisesRegex(ValidationError, "itself"):
            clerk.customer_8d_attachment_id = elsewhere
        clerk.customer_8d_attachment_id = form
        clerk.action_send_reply()
        self.assertEqual(case.state, "replied")
