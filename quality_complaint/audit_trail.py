"""The append-only trail of quality records: what it covers and who may still complete it."""

from odoo.exceptions import UserError

from .const import AUDITED_MODELS


class TrailRecordRefused(UserError):
    """The refusal to delete or rewrite a message, tracking value or file of the trail."""


def is_audited(model_name):
    return model_name in AUDITED_MODELS


def born_in_this_transaction(records):
    """Records created by the current transaction, which Odoo itself still
    completes (a done activity moves its files onto the message it just
    posted). `create_date` is the transaction's own timestamp, which no
    client chooses."""
    now = records.env.cr.now()
    return records.filtered(lambda record: record.create_date and record.create_date >= now)
