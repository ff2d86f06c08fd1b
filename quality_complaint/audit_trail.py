"""The append-only trail of quality records: what it covers and who may still complete it."""

from odoo.exceptions import UserError

from .const import AUDITED_MODELS


class TrailRecordRefused(UserError):
    """The refusal to delete or rewrite a message, tracking value or file of the trail."""


def is_audited(model_name):
    return model_name in AUDITED_MODELS


class _TrailRewrite:
    """The marker of the module's own rewrites of the trail: sealing a protected
    identity's mail headers, redaction at the end of retention. An object in
    the context, which no client request can carry."""

    __slots__ = ("fields",)

    def __init__(self, field_names):
        self.fields = frozenset(field_names)

    # Equal markers make equal contexts, so that Odoo reuses one environment
    # for them instead of adding one per record to the transaction (each new
    # environment is looked up among all the others).
    def __eq__(self, other):
        return isinstance(other, _TrailRewrite) and other.fields == self.fields

    def __hash__(self):
        return hash(self.fields)


TRAIL_REWRITE_CONTEXT = "qc_trail_rewrite"


def rewriting_trail(records, field_names):
    """`records` allowed to rewrite `field_names` of the trail, and nothing else."""
    return records.with_context(**{TRAIL_REWRITE_CONTEXT: _TrailRewrite(field_names)})


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
