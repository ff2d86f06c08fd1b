import io
from datetime import datetime, time, timedelta

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_datetime

# Every column an assessor asks for in the complaint register (投诉登记台账).
COMPLAINT_COLUMNS = (
    "name",
    "received_date",
    "kind",
    "channel",
    "complainant_organisation",
    "complainant_name",
    "complainant_phone",
    "report_ref",
    "product_id",
    "sample_ref",
    "category_id",
    "severity",
    "summary",
    "description",
    "complainant_request",
    "first_contact_user_id",
    "user_id",
    "department_id",
    "ack_date",
    "concerns_lab",
    "validity",
    "invalid_reason",
    "resolution",
    "decider_id",
    "approver_id",
    "approved_date",
    "compensation_amount",
    "reply_date",
    "reply_method",
    "acceptance",
    "working_days_to_reply",
    "is_overdue",
    "close_date",
    "state",
)

CAPA_COLUMNS = (
    "name",
    "title",
    "capa_type",
    "source",
    "complaint_id",
    "nonconforming_id",
    "source_document",
    "user_id",
    "department_id",
    "root_cause_category",
    "root_cause",
    "opened_date",
    "date_deadline",
    "implemented_date",
    "is_late",
    "effectiveness_result",
    "effectiveness_checked_by_id",
    "effectiveness_check_date",
    "management_review_input",
    "closed_date",
    "state",
)
# Excel refuses these in sheet names: the full-width forms keep what they say.
SHEET_NAME_FORBIDDEN = str.maketrans({char: chr(ord(char) + 0xFEE0) for char in "[]:*?/\\"})
SHEET_NAME_MAX = 31
# Lab, register, period, printed by and on: the paper register's title block.
TITLE_ROWS = 4

# One row per rated item: the survey results as a table to filter and pivot.
SURVEY_COLUMNS = (
    "survey_id",
    "survey_type",
    "partner_id",
    "answer_date",
    "question_id",
    "rating",
    "suggestion",
)


class QualityComplaintRegisterWizard(models.TransientModel):
    """Exports a register as an XLSX workbook in the user's language: a title
    block (lab, register, period, who printed it and when), then one row per
    record under a frozen, filtered header row, in typed columns."""

    _name = "quality.complaint.register.wizard"
    _description = "Export a register (XLSX)"

    # === FIELDS === #

    register = fields.Selection(
        [
            ("complaint", "Complaint register"),
            ("capa", "CAPA register"),
            ("survey", "Survey results"),
        ],
        required=True,
        default="complaint",
    )
    date_from = fields.Date(default=lambda self: fields.Date.context_today(self).replace(month=1, day=1))
    date_to = fields.Date(default=fields.Date.context_today)
    complaint_ids = fields.Many2many("quality.complaint", string="Selected cases")
    capa_ids = fields.Many2many("quality.corrective.action", string="Selected corrective actions")

    # === CONSTRAINT METHODS === #

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from and wizard.date_to and wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period ends before it starts."))

    # === ACTION METHODS === #

    def action_export(self):
        """Download the register. The file is built when it is downloaded and
        never stored: it names complainants, and an attachment is readable by
        anyone who may read the record it is attached to."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/quality_complaint/register/{self.id}",
            "target": "self",
        }

    # === BUSINESS METHODS === #

    def _qc_export_file(self):
        """(file name, XLSX bytes) of the register, read with the user's rights."""
        self.ensure_one()
        model_name, columns, records = getattr(self, f"_{self.register}_rows")()
        selected = self.complaint_ids or self.capa_ids
        period = "selection" if selected else f"{self.date_from or ''}_{self.date_to or ''}"
        return f"{self._register_label()} {period}.xlsx", self._build_workbook(model_name, columns, records)

    def _period_domain(self, field_name):
        domain = []
        if self.date_from:
            domain.append((field_name, ">=", datetime.combine(self.date_from, time.min)))
        if self.date_to:
            domain.append((field_name, "<", datetime.combine(self.date_to + timedelta(days=1), time.min)))
        return domain

    def _complaint_rows(self):
        cases = self.complaint_ids or self.env["quality.complaint"].search(
            self._period_domain("received_date"), order="received_date, id"
        )
        return "quality.complaint", COMPLAINT_COLUMNS, cases

    def _capa_rows(self):
        capas = self.capa_ids or self.env["quality.corrective.action"].search(
            self._period_domain("create_date"), order="name"
        )
        return "quality.corrective.action", CAPA_COLUMNS, capas

    def _survey_rows(self):
        lines = self.env["quality.satisfaction.response.line"].search(
            self._period_domain("response_id.answer_date"), order="survey_id, response_id, sequence"
        )
        return "quality.satisfaction.response.line", SURVEY_COLUMNS, lines

    def _register_label(self):
        return dict(self._fields["register"]._description_selection(self.env))[self.register]

    def _title_lines(self):
        """The title block above the header row, in the user's language."""
        env = self.env
        selected = self.complaint_ids or self.capa_ids
        if selected:
            period = env._("Selected records: %s", len(selected))
        else:
            period = env._(
                "Period: %(start)s to %(end)s",
                start=format_date(env, self.date_from) or "…",
                end=format_date(env, self.date_to) or "…",
            )
        printed = env._(
            "Printed by %(user)s on %(date)s",
            user=env.user.name,
            date=format_datetime(env, fields.Datetime.now(), tz=env.user.tz, dt_format="short"),
        )
        return [env.company.name, self._register_label(), period, printed]

    def _build_workbook(self, model_name, columns, records):
        """XLSX bytes with one row per record; values read in one batch."""
        descriptions = self.env[model_name].fields_get(columns, ["string", "type", "selection"])
        rows = records.read(list(columns)) if records else []
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "remove_timezone": True})
        sheet = workbook.add_worksheet(
            self._register_label().translate(SHEET_NAME_FORBIDDEN)[:SHEET_NAME_MAX]
        )
        title = workbook.add_format({"bold": True, "font_size": 14})
        subtitle = workbook.add_format({"bold": True, "font_size": 12})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
        formats = {
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "float": workbook.add_format({"num_format": "#,##0.00"}),
            "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        }
        local = self.with_context(tz=self.env.user.tz or "UTC")
        booleans = {True: self.env._("Yes"), False: self.env._("No")}

        def write(row, col, value, description):
            kind = description["type"]
            if kind == "boolean":
                sheet.write_string(row, col, booleans[bool(value)])
            elif value is False or value is None:
                return
            elif kind == "many2one":
                sheet.write_string(row, col, value[1])
            elif kind == "selection":
                sheet.write_string(row, col, dict(description["selection"]).get(value, value))
            elif kind == "datetime":
                sheet.write_datetime(
                    row, col, fields.Datetime.context_timestamp(local, value), formats["datetime"]
                )
            elif kind == "date":
                sheet.write_datetime(row, col, datetime.combine(value, time.min), formats["date"])
            elif kind == "integer":
                sheet.write_number(row, col, value)
            elif kind in ("float", "monetary"):
                sheet.write_number(row, col, value, formats["float"])
            else:
                sheet.write_string(row, col, str(value), formats["text"])

        last_col = len(columns) - 1
        for row, (line, line_format) in enumerate(
            zip(self._title_lines(), (title, subtitle, None, None), strict=True)
        ):
            sheet.merge_range(row, 0, row, last_col, line, line_format)
        header_row = TITLE_ROWS + 1  # a blank row between the title block and the header
        for col, name in enumerate(columns):
            sheet.write(header_row, col, descriptions[name]["string"], header)
            sheet.set_column(col, col, 40 if descriptions[name]["type"] in ("text", "html") else 16)
        for row_index, row in enumerate(rows, start=header_row + 1):
            for col, name in enumerate(columns):
                write(row_index, col, row[name], descriptions[name])
        sheet.freeze_panes(header_row + 1, 1)
        sheet.autofilter(header_row, 0, header_row + max(len(rows), 1), last_col)
        # On paper: landscape, as wide as the page, the header row on every page.
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_row)
        sheet.set_footer("&C" + self.env._("Page %(page)s of %(pages)s", page="&P", pages="&N"))
        workbook.close()
        return output.getvalue()
