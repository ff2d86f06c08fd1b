from odoo import api, models
from odoo.tools import format_amount, format_date, format_datetime, formatLang

# Where mail.tracking.value keeps the value of a field of each type.
TRACKING_COLUMNS = {
    "boolean": "value_integer",
    "date": "value_datetime",
    "datetime": "value_datetime",
    "float": "value_float",
    "integer": "value_integer",
    "monetary": "value_float",
    "text": "value_text",
}


class QualityComplaintRecordReport(models.AbstractModel):
    """The registration and handling record (登记及处理表): the case and its
    history, each tracked change in words, as the chatter shows it."""

    _name = "report.quality_complaint.report_complaint_record"
    _description = "Complaint registration and handling record"

    # === BUSINESS METHODS === #

    @api.model
    def _get_report_values(self, docids, data=None):
        cases = self.env["quality.complaint"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "quality.complaint",
            "docs": cases,
            "history": self._history(cases),
        }

    @api.model
    def _history(self, cases):
        """{case id: [(message, [(field label, old value, new value)])]}, oldest first.

        The messages and tracking values of all cases are read at once; a
        tracked field the user may not read is left out, as in the chatter.
        """
        # message_ids leaves out user notifications already.
        messages = cases.message_ids
        trackings = messages.sudo().tracking_value_ids._filter_has_field_access(self.env)
        changes = {message.id: [] for message in messages}
        # _tracking_value_format gives each value's label and type, in the chatter's order.
        for formatted in trackings._tracking_value_format():
            tracking = trackings.browse(formatted["id"])
            info = formatted["fieldInfo"]
            changes[tracking.mail_message_id.id].append(
                (
                    info["changedField"],
                    self._format_tracked(tracking, "old", info),
                    self._format_tracked(tracking, "new", info),
                )
            )
        history = {case.id: [] for case in cases}
        for message in messages.sorted("id"):
            history[message.res_id].append((message, changes[message.id]))
        return history

    @api.model
    def _format_tracked(self, tracking, side, info):
        """The old or new value of a tracking value as the user reads it: in
        their language and time zone, amounts with their currency."""
        field_type = info["fieldType"]
        value = tracking[f"{side}_{TRACKING_COLUMNS.get(field_type, 'value_char')}"]
        if field_type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if value is False or value is None:
            return ""
        env = self.env

        def number():
            return formatLang(env, value, digits=(info.get("floatPrecision") or (0, 2))[1])

        formatters = {
            "date": lambda: format_date(env, value.date()),
            "datetime": lambda: format_datetime(env, value, tz=env.context.get("tz")),
            "float": number,
            "monetary": lambda: (
                format_amount(env, value, tracking.currency_id) if tracking.currency_id else number()
            ),
        }
        return formatters[field_type]() if field_type in formatters else str(value)
