from odoo.tests import TransactionCase
from odoo.tools import file_open

from .. import workflow_picture
from ..const import STATES
from ..models.quality_complaint import CASE_STEPS


class TestWorkflowPicture(TransactionCase):
    """The README's picture of the workflow is drawn from the step declarations."""

    def test_committed_pictures_match_the_step_declarations(self):
        for lang in ("zh_CN", "en_US"):
            with (
                self.subTest(lang=lang),
                file_open(f"quality_complaint/static/description/workflow_{lang}.svg") as svg,
            ):
                self.assertEqual(
                    svg.read(),
                    workflow_picture.render(lang),
                    "the workflow changed: run `make workflow-picture` and commit the pictures",
                )

    def test_every_step_is_in_its_role_and_states(self):
        grid = workflow_picture.cells(lambda source: source)
        for name, step in CASE_STEPS.items():
            role = step.groups[0] if step.groups else None
            for state in step.from_states or (None,):
                with self.subTest(step=name, state=state):
                    labels = [label for label, _impartial, _targets in grid[state, role]]
                    self.assertIn(step.label._source, labels)
        self.assertEqual(
            [
                targets
                for label, _impartial, targets in grid["approved", CASE_STEPS["send_reply"].groups[0]]
                if label == "send the reply"
            ],
            [(dict(STATES)["replied"],)],
        )

    def test_chinese_picture_reads_chinese(self):
        svg = workflow_picture.render("zh_CN")
        for text in ("客服", "已受理", "受理案件", "→ 已答复", "任何状态"):
            self.assertIn(text, svg)
        self.assertNotIn("acknowledge a case", svg)
