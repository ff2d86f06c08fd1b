from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..const import PARAM_DEFAULTS
from ..public_tools import PublicFormRefused

EPOCH = datetime(1970, 1, 1)


class QualityComplaintPublicLog(models.Model):
    """Requests of the public pages that write something, counted per client
    address, scope and time window (X2): one row per window. Wrong signature
    passwords are counted the same way, per user.

    The rate limit takes its number with one INSERT ... ON CONFLICT DO
    UPDATE ... RETURNING on that row. Odoo runs REPEATABLE READ: concurrent
    requests that counted first make the others fail to serialize, and Odoo
    serves those again from the start, so every request counts once and
    parallel bursts get exactly the allowed number through. Rows are removed
    after a day: they hold IP addresses, which are personal data under PIPL.
    """

    _name = "quality.complaint.public.log"
    _description = "Public request counter"
    _order = "window_start desc, id desc"
    _log_access = False

    # === FIELDS === #

    ip = fields.Char(string="Client address", required=True, readonly=True)
    scope = fields.Selection(
        [
            ("form", "Complaint form"),
            ("message", "Message on a case"),
            ("verify", "Document verification"),
            ("signature", "Wrong signature password"),
        ],
        required=True,
        readonly=True,
    )
    window_start = fields.Datetime(required=True, readonly=True)
    request_count = fields.Integer(string="Requests", required=True, readonly=True, default=1)

    _ip_scope_window_unique = models.Constraint(
        "UNIQUE(ip, scope, window_start)", "A client address has one counter per scope and time window."
    )

    # === BUSINESS METHODS === #

    @api.model
    def _qc_rate_limit(self):
        """(submissions, minutes) allowed per client address: settings, default 5 per 10."""
        param = self.env["quality.complaint"]._qc_param
        return (
            max(int(param("public_rate_count") or PARAM_DEFAULTS["public_rate_count"]), 1),
            max(int(param("public_rate_minutes") or PARAM_DEFAULTS["public_rate_minutes"]), 1),
        )

    @api.model
    def _qc_check_and_log(self, client_ip, scope):
        """Count this request of `client_ip`; refuse with 429 once the window's allowance is used up.

        Refused requests count too: the controllers answer them with a page,
        so their transaction, and the count, is committed.
        """
        count, minutes = self._qc_rate_limit()
        if self._qc_increment(client_ip or "unknown", scope, minutes) > count:
            raise PublicFormRefused(
                self.env._(
                    "Too many submissions from your network: at most %(count)s in %(minutes)s minutes. "
                    "Please try again later, or call us.",
                    count=count,
                    minutes=minutes,
                ),
                status=429,
            )

    @api.model
    def _qc_increment(self, key, scope, minutes):
        """Add one to the counter of `key` (a client address, or a user for
        signature passwords) and `scope` in the current window of `minutes`;
        return its new value."""
        # A request that loses the race fails to serialize and is served again
        # by Odoo: an expected error, not one to log as a bad query.
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO quality_complaint_public_log AS counter (ip, scope, window_start, request_count)
                VALUES (%s, %s, %s, 1)
                ON CONFLICT (ip, scope, window_start)
                DO UPDATE SET request_count = counter.request_count + 1
                RETURNING request_count
                """,
                key[:64],
                scope,
                self._qc_window_start(minutes),
            ),
            log_exceptions=False,
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _qc_current_count(self, key, scope, minutes):
        """The counter of `key` and `scope` in the current window of `minutes`.

        Read from the table, not the cache: counts are added in transactions of their own.
        """
        self.env.cr.execute(
            SQL(
                "SELECT request_count FROM quality_complaint_public_log"
                " WHERE ip = %s AND scope = %s AND window_start = %s",
                key[:64],
                scope,
                self._qc_window_start(minutes),
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else 0

    @api.model
    def _qc_window_start(self, minutes):
        """Start of the current time window of `minutes`, counted from the epoch (UTC)."""
        seconds = int((fields.Datetime.now() - EPOCH).total_seconds())
        return EPOCH + timedelta(seconds=seconds - seconds % (minutes * 60))

    # === CRON METHODS === #

    @api.autovacuum
    def _gc_old_entries(self):
        self.sudo().search([("window_start", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
