import base64
import hashlib
import json
import os
from datetime import date, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import file_open

from ..models.quality_complaint_signing import SIGNATURE_PASSWORD_ATTEMPTS
from ..models.quality_workflow_mixin import StepRequired
from ..signing import SIGNATURE_CONTEXT, canonical_json, sha256_hex, signing_in_python
from .common import ROLES
from .common_investigation import InvestigationCase
from .common_public import PublicCase


def typed_password(env):
    """`env` as a client request is: no Python signing path."""
    context = {key: value for key, value in env.context.items() if key != SIGNATURE_CONTEXT}
    return env(context=context)


class SignedCase(InvestigationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Wrong passwords are counted on a cursor of their own: in test mode it
        # is the test's, so nothing is committed and the count is seen here.
        cls.registry_enter_test_mode_cls()

    def setUp(self):
        super().setUp()
        self.plain = typed_password(self.env)

    def as_client(self, record, role):
        """`record` as `role` calls it over RPC: the signature path closed."""
        return record.with_env(self.plain(user=self.users[role]))

    def decided(self):
        return self.decide(self.acknowledged_case(reply_method="post"))

    def implemented_capa(self):
        self.env["quality.complaint.settings"]._qc_of(self.company).sign_effectiveness = True
        capa = self.capa()
        capa.with_user(self.users["quality"]).action_open()
        capa.line_ids.write({"done_date": date(2026, 4, 9), "evidence": "Procedure QP-14 rev. 3 issued."})
        capa.with_user(self.users["quality"]).action_mark_implemented()
        return capa

    def signatures(self, record, step):
        return self.env["quality.complaint.signature"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id), ("step", "=", step)]
        )


class TestSignedSteps(SignedCase):
    def test_approval_refused_without_password_names_the_argument(self):
        case = self.decided()
        with self.assertRaisesRegex(UserError, "signature_password"):
            self.as_client(case, "quality").action_approve()
        self.assertEqual(case.state, "decision")

    def test_approval_refused_with_a_wrong_password(self):
        case = self.decided()
        with self.assertRaisesRegex(UserError, "Wrong password"):
            self.as_client(case, "quality").action_approve(signature_password="not-my-password")
        self.assertEqual(case.state, "decision")
        self.assertFalse(self.signatures(case, "approve"))

    def test_wrong_passwords_lock_signing_for_a_while(self):
        case = self.decided()
        client = self.as_client(case, "quality")
        for _attempt in range(SIGNATURE_PASSWORD_ATTEMPTS):
            # Not assertRaises: its savepoint would take the count back with the
            # refusal, where a request counts in a transaction of its own.
            try:
                client.action_approve(signature_password="guess")
            except UserError as error:
                self.assertIn("Wrong password", str(error))
            else:
                self.fail("a wrong password signed")
        with self.assertRaisesRegex(UserError, "Too many wrong passwords"):
            client.action_approve(signature_password="qc_quality")
        self.assertEqual(case.state, "decision")
        self.assertFalse(self.signatures(case, "approve"))
        # Only the user who gave them is locked out.
        self.as_client(case, "top").action_approve(signature_password="qc_topxx")
        self.assertEqual(case.state, "approved")

    def test_approval_refused_with_an_api_key_as_password(self):
        case = self.decided()
        user = self.users["quality"]
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(None, "integration", datetime.now() + timedelta(days=1))
        )
        # The key logs in over XML-RPC as a password would ...
        self.assertEqual(
            user.with_user(user)._check_credentials(
                {"type": "password", "password": key}, {"interactive": False}
            )["auth_method"],
            "apikey",
        )
        # ... and signs nothing.
        with self.assertRaisesRegex(UserError, "Wrong password"):
            self.as_client(case, "quality").action_approve(signature_password=key)
        self.assertEqual(case.state, "decision")

    def test_approval_signed_with_the_right_password(self):
        case = self.decided()
        self.as_client(case, "quality").action_approve(signature_password="qc_quality")
        self.assertEqual(case.state, "approved")
        signature = self.signatures(case, "approve")
        self.assertEqual(len(signature), 1)
        self.assertEqual(signature.signer_id, self.users["quality"])
        self.assertEqual(signature.authentication, "password")
        self.assertEqual(signature.signer_role, self.env.ref("quality_complaint.group_quality_manager").name)
        self.assertEqual(signature.meaning, f"Approved as {signature.signer_role}")
        self.assertEqual(signature.reference, case.name)
        self.assertEqual(signature.digest, sha256_hex(signature.signed_content))
        self.assertEqual(json.loads(signature.signed_content), case._qc_signed_payload())
        self.assertTrue(signature._qc_signature_valid())

    def test_top_approval_is_signed_as_top_management(self):
        case = self.decided()
        case.sudo()._qc_import_history({"compensation_proposed": True})
        self.as_client(case, "top").action_approve(
            signature_password="qc_topxx"
        )  # new_test_user pads a password to 8 characters
        signature = self.signatures(case, "approve")
        self.assertEqual(signature.signer_role, self.env.ref("quality_complaint.group_top_management").name)

    def test_python_path_is_recorded_as_such(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        self.assertEqual(self.signatures(case, "approve").authentication, "python")

    def test_unsigned_when_the_lab_does_not_require_it(self):
        self.env["quality.complaint.settings"]._qc_of(self.company).sign_approval = False
        case = self.decided()
        self.as_client(case, "quality").action_approve()
        self.assertEqual(case.state, "approved")
        self.assertFalse(self.signatures(case, "approve"))

    def test_a_context_key_opens_no_signing_path(self):
        case = self.decided()
        client = self.as_client(case, "quality").with_context(**{SIGNATURE_CONTEXT: True})
        with self.assertRaisesRegex(UserError, "signature_password"):
            client.action_approve()

    def test_digest_changes_with_every_signed_field(self):
        case = self.decided()
        payload = case._qc_signed_payload()
        self.assertEqual(
            set(payload),
            {
                "reference",
                "decision",
                "reasons",
                "resolution",
                "compensation",
                "decider",
                "involved_at_decision",
                "involved_at_approval",
            },
        )
        digest = sha256_hex(canonical_json(payload))
        for key, value in payload.items():
            changed = dict(payload, **{key: {"changed": value}})
            self.assertNotEqual(sha256_hex(canonical_json(changed)), digest, key)
        # On the record: each field the case signs.
        before = self.acknowledged_case()
        digests = set()
        for values in (
            {},
            {"validity": "invalid", "invalid_reason": "misunderstanding"},
            {"validity_reasoning": "Other reasons."},
            {"resolution": "Other resolution."},
            {"compensation_amount": 100.0},
        ):
            before.write(values)
            digests.add(sha256_hex(canonical_json(before._qc_signed_payload())))
        self.assertEqual(len(digests), 5)
        other = self.acknowledged_case()
        self.assertNotEqual(
            canonical_json(other._qc_signed_payload()), canonical_json(before._qc_signed_payload())
        )

    def test_signed_content_cannot_change_for_any_role(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        for role in ROLES:
            for values in (
                {"resolution": "Something else."},
                {"validity_reasoning": "Other reasons."},
                {"compensation_amount": 500.0},
            ):
                with self.subTest(role=role, values=values), self.assertRaises(UserError):
                    case.with_user(self.users[role]).write(values)
        with self.assertRaisesRegex(UserError, "signed"):
            case.sudo().write({"resolution": "Rewritten as superuser."})
        with self.assertRaisesRegex(UserError, "signed"):
            case.sudo()._qc_import_history({"decider_id": self.users["top"].id})
        self.assertEqual(case.resolution, "Report withdrawn, corrected report R-1-A issued.")

    def test_signatures_are_never_rewritten_nor_deleted(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        signature = self.signatures(case, "approve")
        with self.assertRaises(UserError):
            signature.sudo().write({"digest": "0" * 64})
        with self.assertRaises(UserError):
            signature.sudo().unlink()
        with self.assertRaises(UserError):
            signature.with_user(self.users["top"]).write({"meaning": "Something else"})

    def test_reopen_voids_the_signature_visibly_and_keeps_it(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        signature = self.signatures(case, "approve")
        case.with_user(self.users["quality"]).action_reopen_decision(reason="New evidence from the customer.")
        self.assertTrue(signature.exists())
        self.assertTrue(signature.voided)
        self.assertTrue(signature.voided_at)
        self.assertEqual(signature.void_reason, "New evidence from the customer.")
        self.assertIn(
            "Signature withdrawn",
            case.message_ids[:3].mapped("body")[-1] + "".join(case.message_ids[:3].mapped("body")),
        )
        # Decided and approved again: a new signature, the old one still voided.
        case.write({"resolution": "Corrected report R-1-B issued."})
        case.with_user(self.users["technical"]).action_submit_decision()
        case.with_user(self.users["quality"]).action_approve()
        self.assertEqual(len(self.signatures(case, "approve")), 2)
        self.assertEqual(len(self.signatures(case, "approve").filtered("voided")), 1)

    def test_reply_letter_is_signed_kept_and_prints_its_code(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        with self.assertRaisesRegex(UserError, "signature_password"):
            self.as_client(case, "customer_service").action_send_reply()
        self.as_client(case, "customer_service").action_send_reply(signature_password="qc_customer_service")
        signature = self.signatures(case, "send_reply")
        self.assertEqual(signature.authentication, "password")
        self.assertEqual(len(signature.verification_code), 24)
        self.assertTrue(signature.document_id)
        self.assertEqual(signature.document_id.res_id, case.id)
        self.assertEqual(signature.document_digest, hashlib.sha256(signature.document_id.raw).hexdigest())
        self.assertIn(signature._qc_printed_code(), signature.document_id.raw.decode())
        self.assertIn(f"/complaint/verify/{signature._qc_printed_code()}", signature.document_id.raw.decode())
        self.assertEqual(json.loads(signature.statement)["document_sha256"], signature.document_digest)
        self.assertTrue(signature._qc_signature_valid())

    def test_withdrawing_the_reply_letter_voids_it_before_an_answer_only(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["customer_service"]).action_send_reply()
        letter = self.signatures(case, "send_reply")
        for role in ("customer_service", "supervisor"):
            with self.subTest(role=role), self.assertRaisesRegex(UserError, "Only the role"):
                case.with_user(self.users[role]).action_withdraw_reply(reason="Typo in the letter.")
        with self.assertRaises(StepRequired):
            case.with_user(self.users["quality"]).write({"state": "approved", "reply_date": False})
        with self.assertRaisesRegex(UserError, "Say why"):
            case.with_user(self.users["quality"]).action_withdraw_reply(reason="  ")
        self.assertEqual(case.state, "replied")
        self.assertFalse(letter.voided)
        case.with_user(self.users["quality"]).action_withdraw_reply(
            reason="The letter named the wrong report."
        )
        self.assertEqual((case.state, case.reply_date, case.acceptance), ("approved", False, False))
        self.assertTrue(letter.voided)
        self.assertEqual(letter.void_reason, "The letter named the wrong report.")
        self.assertFalse(self.signatures(case, "approve").voided, "the decision stays approved")
        # A new letter, with a code of its own; once answered, it stays.
        case.with_user(self.users["customer_service"]).action_send_reply()
        new_letter = self.signatures(case, "send_reply") - letter
        self.assertTrue(new_letter.verification_code)
        self.assertNotEqual(new_letter.verification_code, letter.verification_code)
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        with self.assertRaisesRegex(UserError, "answered"):
            case.with_user(self.users["quality"]).action_withdraw_reply(reason="Too late.")
        self.assertFalse(new_letter.voided)

    def test_end_notice_carries_a_code_without_a_password_by_default(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["customer_service"]).action_send_reply()
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        self.as_client(case, "customer_service").action_close()
        signature = self.signatures(case, "close")
        self.assertEqual(signature.authentication, "none")
        self.assertTrue(signature.verification_code)
        self.assertIn(signature._qc_printed_code(), signature.document_id.raw.decode())

    def test_effectiveness_check_signed_when_the_lab_requires_it(self):
        capa = self.implemented_capa()
        with self.assertRaisesRegex(UserError, "signature_password"):
            self.as_client(capa, "auditor").record_effectiveness("effective", "No slip in three months.")
        with self.assertRaisesRegex(UserError, "Wrong password"):
            self.as_client(capa, "auditor").record_effectiveness(
                "effective", "No slip in three months.", signature_password="qc_quality"
            )
        self.as_client(capa, "auditor").record_effectiveness(
            "effective", "No slip in three months.", signature_password="qc_auditor"
        )
        signature = self.signatures(capa, "record_effectiveness")
        self.assertEqual(signature.signer_id, self.users["auditor"])
        self.assertEqual(json.loads(signature.signed_content)["evidence"], "No slip in three months.")

    def test_signing_key_is_not_a_system_parameter(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        key = self.env["quality.complaint.signing.key"].search([], limit=1)
        values = self.env["ir.config_parameter"].sudo().search([]).mapped("value")
        self.assertFalse([value for value in values if "PRIVATE KEY" in (value or "")])
        self.assertFalse([value for value in values if key.public_key in (value or "")])
        self.assertNotIn("private", "".join(key._fields))
        path = key._qc_path()
        self.assertTrue(os.path.exists(path))
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)

    def test_neutralised_database_signs_with_a_new_key(self):
        case = self.decided()
        case.with_user(self.users["quality"]).action_approve()
        old = self.signatures(case, "approve")
        old_key = self.env["quality.complaint.signing.key"].search([("key_id", "=", old.key_id)])
        with file_open("quality_complaint/data/neutralize.sql") as script:
            self.env.cr.execute(script.read())
        self.env.invalidate_all()
        case.with_user(self.users["quality"]).action_reopen_decision(reason="Test copy.")
        case.with_user(self.users["technical"]).action_submit_decision()
        case.with_user(self.users["quality"]).action_approve()
        new = self.signatures(case, "approve").filtered(lambda signature: not signature.voided)
        self.assertNotEqual(new.key_id, old.key_id)
        self.assertFalse(os.path.exists(old_key._qc_path()))
        published = [key["id"] for key in self.env["quality.complaint.signing.key"]._qc_published()]
        self.assertIn(old.key_id, published)
        self.assertIn(new.key_id, published)


@tagged("post_install", "-at_install")
class TestVerifyPage(PublicCase):
    def setUp(self):
        super().setUp()
        case = signing_in_python(self.Complaint).create(
            {
                "description": "Secret content of the complaint about lead.",
                "complainant_name": "Zhao Min",
                "complainant_email": "zhao@example.com",
                "received_date": datetime(2026, 3, 2, 2, 0),
                "category_id": self.env.ref("quality_complaint.category_turnaround").id,
                "concerns_lab": "yes",
            }
        )
        case.with_user(self.users["customer_service"]).action_acknowledge()
        case.write(
            {
                "validity": "valid",
                "validity_reasoning": "A dilution factor was applied twice.",
                "resolution": "Corrected report issued.",
                "no_investigation_reason": "Clerical error",
                "reply_method": "post",
            }
        )
        case.with_user(self.users["technical"]).action_submit_decision()
        case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["customer_service"]).action_send_reply()
        self.case = case
        self.signature = self.env["quality.complaint.signature"].search(
            [("res_id", "=", case.id), ("res_model", "=", case._name), ("step", "=", "send_reply")]
        )

    def verify(self, code, **params):
        return self.url_open(f"/complaint/verify/{code}", params=params or None)

    def test_valid_letter(self):
        response = self.verify(self.signature._qc_printed_code())
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qc_verify_valid", response.text)
        self.assertIn(self.case.name, response.text)
        self.assertIn(self.users["customer_service"].name, response.text)
        self.assertIn(self.signature.signer_role, response.text)
        # The decision the letter states, and who approved it.
        self.assertIn(self.users["quality"].name, response.text)
        for secret in ("Secret content", "Zhao Min", "zhao@example.com", "dilution", "Corrected report"):
            self.assertNotIn(secret, response.text)
        # Lower case and without dashes too: as typed from the paper.
        self.assertEqual(self.verify(self.signature.verification_code.lower()).status_code, 200)

    def test_wrong_or_altered_code_is_404(self):
        code = self.signature.verification_code
        altered = ("A" if code[0] != "A" else "B") + code[1:]
        for wrong in (altered, "ABCD", "x" * 24, "key2"):
            with self.subTest(code=wrong):
                response = self.verify(wrong)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(self.case.name, response.text)

    def test_altered_document_does_not_match(self):
        response = self.verify(self.signature.verification_code, sha256=hashlib.sha256(b"forged").hexdigest())
        self.assertIn("Your copy is not the document the lab issued", response.text)
        response = self.verify(self.signature.verification_code, sha256=self.signature.document_digest)
        self.assertIn("Your copy is the document the lab issued", response.text)
        # The lab's own copy altered behind the application's back.
        self.env.cr.execute(
            "UPDATE ir_attachment SET store_fname = NULL, db_datas = %s WHERE id = %s",
            [b"altered letter", self.signature.document_id.id],
        )
        self.env.invalidate_all()
        response = self.verify(self.signature.verification_code)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qc_verify_mismatch", response.text)

    def test_withdrawn_letter(self):
        self.case.with_user(self.users["quality"]).action_withdraw_reply(reason="Sent to the wrong customer.")
        self.assertTrue(self.signature.voided)
        response = self.verify(self.signature.verification_code)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qc_verify_withdrawn", response.text)
        self.assertIn("Withdrawn", response.text)
        self.assertNotIn("wrong customer", response.text)

    def test_key_endpoint_and_offline_check(self):
        keys = self.url_open("/complaint/verify/key").json()["keys"]
        self.assertIn(self.signature.key_id, [key["id"] for key in keys])
        proof = self.url_open(f"/complaint/verify/{self.signature.verification_code}/proof").json()
        # The README's offline check.
        statement = json.loads(proof["statement"])
        public = {key["id"]: key for key in keys}[statement["key"]]["public_key"]
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public)).verify(
            base64.b64decode(proof["signature"]), proof["statement"].encode()
        )
        self.assertEqual(
            hashlib.sha256(self.signature.document_id.raw).hexdigest(), statement["document_sha256"]
        )
        self.assertEqual(statement["reference"], self.case.name)
        self.assertNotIn("Zhao", proof["statement"])

    def test_verification_is_rate_limited(self):
        self.params.set_param("quality_complaint.public_rate_count", 2)
        for _attempt in range(2):
            self.assertEqual(self.verify("A" * 24).status_code, 404)
        self.assertEqual(self.verify(self.signature.verification_code).status_code, 429)


class TestSignatureDialog(SignedCase):
    def test_button_opens_the_dialog_and_the_dialog_signs(self):
        case = self.decided()
        action = (
            self.as_client(case, "quality")
            .with_context(qc_signature_step="approve")
            .action_open_signature_dialog()
        )
        self.assertEqual(action["res_model"], "quality.complaint.signature.wizard")
        wizard = (
            self.env[action["res_model"]]
            .with_env(self.plain(user=self.users["quality"]))
            .browse(action["res_id"])
        )
        self.assertFalse(wizard._fields["password"].store)
        self.assertEqual(
            wizard.meaning, "Approved as " + self.env.ref("quality_complaint.group_quality_manager").name
        )
        with self.assertRaisesRegex(UserError, "Wrong password"):
            wizard.with_context(signature_password="wrong").action_sign()
        wizard.with_context(signature_password="qc_quality").action_sign()
        self.assertEqual(case.state, "approved")
        self.assertEqual(self.signatures(case, "approve").authentication, "password")

    def test_button_takes_an_unsigned_step_at_once(self):
        self.env["quality.complaint.settings"]._qc_of(self.company).sign_approval = False
        case = self.decided()
        self.as_client(case, "quality").with_context(
            qc_signature_step="approve"
        ).action_open_signature_dialog()
        self.assertEqual(case.state, "approved")

    def test_effectiveness_button_opens_a_dialog_that_signs(self):
        capa = self.implemented_capa()
        action = (
            self.as_client(capa, "auditor")
            .with_context(effectiveness_result="effective")
            .action_open_effectiveness_wizard()
        )
        dialog = (
            self.env[action["res_model"]]
            .with_env(self.plain(user=self.users["auditor"]))
            .browse(action["res_id"])
        )
        self.assertTrue(dialog.signature_required)
        self.assertEqual(dialog.result, "effective")
        dialog.note = "No slip in three months."
        with self.assertRaisesRegex(UserError, "signature_password"):
            dialog.action_confirm()
        dialog.with_context(signature_password="qc_auditor").action_confirm()
        self.assertEqual(capa.state, "verified")
        self.assertEqual(self.signatures(capa, "record_effectiveness").authentication, "password")
