"""The append-only trail of quality records: what it covers and who may still complete it."""

from dataclasses import dataclass

from odoo.exceptions import UserError

from .const import AUDITED_MODELS


class TrailRecordRefused(UserError):
    """The refusal to delete or rewrite a message, tracking value or file of the trail."""


def is_audited(model_name):
    return model_name in AUDITED_MODELS


@dataclass(frozen=True, slots=True)
class _TrailRewrite:
    """The marker of the module's own rewrites of the trail: sealing a protected
    identity's mail headers, redaction at the end of retention. An object in
    the context, which no client request can carry. Frozen, as the step
    engine's marker: one environment per rewrite, not one per record."""

    fields: frozenset


TRAIL_REWRITE_CONTEXT = "qc_trail_rewrite"


def rewriting_trail(records, field_names):
    """`records` allowed to rewrite `field_names` of the trail, and nothing else."""
    return records.with_context(**{TRAIL_REWRITE_CONTEXT: _TrailRewrite(frozenset(field_names))})


def is_trail_rewrite(env, field_names):
    rewrite = env.context.get(TRAIL_REWRITE_CONTEXT)
    return isinstance(rewrite, _TrailRewrite) and set(field_names) <= rewrite.fields


def born_in_this_transaction(records):
    """Records created by the current transaction, which Odoo itself still
    completes (a done activity moves its files onto the message it just
    posted). `create_date` is the transaction's own timestamp, which no
    client chooses."""
    now = records.env.cr.now()
    return records.filtered(lambda record: record.create_date and record.create_date >= now)
