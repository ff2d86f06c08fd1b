import base64
from datetime import datetime, time, timedelta

import pytz

# One of Odoo's own requirements (Debian's odoo package depends on it), not only the tests'.
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import file_open

from ..signing import signing_context

LAB_LANG = "zh_CN"
WEEKEND = (5, 6)


class QualityComplaintDemo(models.AbstractModel):
    """The demo lab: a Chinese testing lab, and the story of its cases.

    The demo cases are not imported with their final values: each goes
    through the workflow step by step, taken by the demo user of the step's
    role at the moment the story says, so that its chatter, deadlines, mails
    and tracking link are the ones the lab would have. The data files call
    these methods with `<function>`.
    """

    _name = "quality.complaint.demo"
    _description = "Demo lab"

    @api.model
    def _qc_demo_lab(self, company_values, logo_path):
        """Make the main company the demo lab, which speaks Chinese.

        Odoo loads a module's translations after its demo data: the cases'
        notes and mails, written while the demo loads, would be English. The
        language is installed first, with the terms of this module too.
        """
        self.env["res.lang"]._activate_and_install_lang(LAB_LANG)
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], [LAB_LANG])
        company = self.env.ref("base.main_company")
        with file_open(logo_path, "rb") as logo:
            company.write(dict(company_values, logo=base64.b64encode(logo.read())))
        company.partner_id.lang = LAB_LANG

    @api.model
    def _qc_demo_story(self, steps):
        """Play `steps`, dictionaries read in this order:

        - `day`, `at`: when: working days (Monday to Friday) before today, and
          the lab's time of day ("09:30"); never later than now;
        - `by`: who: the role of a demo user ("customer_service") or a user's XML id;
        - `create` (a model) with `values`: the record is created (a value
          `{"ref": xml_id}` names a record this story created before); else
          `model`: the step calls `do` on the model, not on a record; else
          `on`: the XML id of the record acted on (default: the story's last);
        - `write`: values written first, as the user would in the form;
        - `do`, `args`: the method called, a step of the workflow;
        - `note`: an internal note the user logs;
        - `xml_id`: the name of the record created or returned by `do`.
        """
        record = self.env["quality.complaint"]
        real_now = fields.Datetime.now()
        lab_tz = pytz.timezone(self.env.company.resource_calendar_id.tz or "Asia/Shanghai")
        with freeze_time(real_now) as clock:
            for step in steps:
                clock.move_to(min(self._qc_demo_moment(real_now, lab_tz, step), real_now))
                user = self._qc_demo_user(step["by"])
                # The demo users sign their steps without typing a password (recorded as such).
                env = self.env(
                    user=user,
                    context=signing_context(dict(self.env.context, lang=step.get("lang", user.lang))),
                )
                if "create" in step:
                    record = env[step["create"]].create(self._qc_demo_values(step["values"]))
                elif "model" in step:
                    record = env[step["model"]]
                else:
                    record = (self.env.ref(step["on"]) if "on" in step else record).with_env(env)
                if step.get("write"):
                    record.write(self._qc_demo_values(step["write"]))
                if step.get("do"):
                    record = self._qc_demo_result(record, getattr(record, step["do"])(*step.get("args", ())))
                if step.get("note"):
                    record.message_post(
                        body=step["note"], message_type="comment", subtype_xmlid="mail.mt_note"
                    )
                if step.get("xml_id"):
                    self.env["ir.model.data"]._update_xmlids(
                        [{"xml_id": step["xml_id"], "record": record, "noupdate": True}]
                    )
                # What a commit would write after each click: the step's
                # tracking message, dated and signed by this step; then what
                # the intake job does within a minute for a case it registered.
                self.env.flush_all()
                self.env["quality.complaint"].with_user(SUPERUSER_ID)._qc_finish_pending_intake()
                self.env.flush_all()
                self.env.cr.flush()
                record = record.with_env(self.env)

    @api.model
    def _qc_demo_moment(self, real_now, lab_tz, step):
        """The naive UTC datetime of a step: `day` working days ago at `at` lab time."""
        day = real_now.date()
        for _count in range(step.get("day", 0)):
            day -= timedelta(days=1)
            while day.weekday() in WEEKEND:
                day -= timedelta(days=1)
        hour, minute = (int(part) for part in step.get("at", "09:00").split(":"))
        local = lab_tz.localize(datetime.combine(day, time(hour, minute)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _qc_demo_values(self, values):
        return {
            name: self.env.ref(value["ref"]).id if isinstance(value, dict) else value
            for name, value in values.items()
        }

    @api.model
    def _qc_demo_user(self, who):
        return self.env.ref(who if "." in who else f"quality_complaint.demo_user_{who}")

    @api.model
    def _qc_demo_result(self, record, result):
        """The record a step leads to: one it returns, the form it opens, else its own."""
        if isinstance(result, models.BaseModel) and result:
            return result
        if isinstance(result, dict) and result.get("res_id") and result.get("res_model"):
            return record.env[result["res_model"]].browse(result["res_id"])
        return record
