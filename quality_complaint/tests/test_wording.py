import re

import polib
from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_path
from odoo.tools.translate import TRANSLATED_ATTRS

MODULE = "quality_complaint"
# A code of the developers' requirement catalogue in brackets, ASCII or full-width:
# (I5), (V1, V2), (S2-S4), M6 in full-width brackets. Law and standard names such as (PIPL) or
# (ISO 13485 8.2.3) are words.
REQUIREMENT_ID = re.compile(
    r"[(\uff08](?:[^()\uff08\uff09]*[\s,/\-\u3001\uff0c])?[A-Z]\d{1,2}"
    r"(?:[\s,/\-\u3001\uff0c][^()\uff08\uff09]*)?[)\uff09]"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
# ASCII punctuation right after a Chinese character, where the full-width marks belong.
ASCII_AFTER_CJK = re.compile(r"[\u4e00-\u9fff][.,:;!?](?=\s|$|<)")
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd]")


@tagged("post_install", "-at_install")
class TestWording(TransactionCase):
    """What users and customers read: the lab's words, complete in Chinese."""

    def assertNoRequirementIds(self, texts):
        found = sorted({f"{where}: {text}" for where, text in texts if text and REQUIREMENT_ID.search(text)})
        self.assertFalse(found, "requirement IDs shown to users:\n" + "\n".join(found))

    def test_no_requirement_id_in_what_users_read(self):
        texts = []
        for model in self.env.registry.values():
            for field in model._fields.values():
                if MODULE not in field._modules:
                    continue
                where = f"{model._name}.{field.name}"
                texts += [(where, field.string), (where, field.help)]
                if isinstance(getattr(field, "selection", None), list):
                    texts += [(where, label) for _value, label in field.selection]
        views = self.env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", "ir.ui.view")])
        for view in self.env["ir.ui.view"].browse(views.mapped("res_id")):
            for node in etree.fromstring(view.arch_db.encode()).iter():
                if not isinstance(node.tag, str):  # comments are for developers
                    continue
                texts += [(view.key or view.name, node.text), (view.key or view.name, node.tail)]
                texts += [
                    (view.key or view.name, value)
                    for key, value in node.attrib.items()
                    if key in TRANSLATED_ATTRS
                ]
        pot = polib.pofile(file_path(f"{MODULE}/i18n/{MODULE}.pot"))
        texts += [(entry.occurrences[0][0] if entry.occurrences else "pot", entry.msgid) for entry in pot]
        chinese = polib.pofile(file_path(f"{MODULE}/i18n/zh_CN.po"))
        texts += [("zh_CN.po", entry.msgstr) for entry in chinese]
        self.assertNoRequirementIds(texts)

    def test_chinese_translation_is_complete_with_chinese_punctuation(self):
        pot = polib.pofile(file_path(f"{MODULE}/i18n/{MODULE}.pot"))
        chinese = {entry.msgid: entry for entry in polib.pofile(file_path(f"{MODULE}/i18n/zh_CN.po"))}
        missing = [
            entry.msgid for entry in pot if not (chinese.get(entry.msgid) and chinese[entry.msgid].msgstr)
        ]
        self.assertFalse(missing, "untranslated in zh_CN.po:\n" + "\n".join(missing))
        for msgid, entry in chinese.items():
            with self.subTest(msgid=msgid[:60]):
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgstr)),
                    sorted(PLACEHOLDER.findall(msgid)),
                    "placeholders",
                )
                if CJK.search(entry.msgstr):
                    self.assertNotRegex(
                        entry.msgstr, ASCII_AFTER_CJK, "Chinese text takes Chinese punctuation"
                    )

    def test_a_new_case_is_called_new_until_its_reference_is_given(self):
        clerk = new_test_user(
            self.env, login="qc_wording_clerk", groups="quality_complaint.group_customer_service"
        )
        Complaint = self.env["quality.complaint"].with_user(clerk)
        self.assertEqual(Complaint.new({"description": "Phoned in."}).display_name, "New record")
        case = Complaint.create({"description": "Phoned in."})
        self.assertEqual(case.display_name, case.name)
        self.assertNotEqual(case.name, "/")
