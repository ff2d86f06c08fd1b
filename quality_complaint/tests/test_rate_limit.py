import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, sql_db
from odoo.orm.environments import Transaction
from odoo.service import model as service_model
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..public_tools import PublicFormRefused
from .common_public import PublicCase

# TEST-NET-2 (RFC 5737): never a real client. The burst runs in transactions
# of its own, which commit: its rows are deleted before and after.
BURST_IP = "198.51.100.77"
WINDOW_SECONDS = 600


def real_cursor(env):
    """A cursor on a connection of its own, outside the test's transaction."""
    return sql_db.db_connect(env.cr.dbname).cursor()


def forget_address(env, ip):
    with real_cursor(env) as cr:  # committed on leaving the block
        cr.execute("DELETE FROM quality_complaint_public_log WHERE ip = %s", [ip])


@tagged("post_install", "-at_install")
class TestRateLimitBurst(TransactionCase):
    """A parallel burst from one address, each request in its own transaction
    served as Odoo serves HTTP requests (retrying on serialization failures):
    exactly the allowed number goes through."""

    BURST = 32
    ALLOWED = 5

    def _lock_waiters(self):
        with closing(real_cursor(self.env)) as cr:
            cr.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                [cr.dbname],
            )
            return cr.fetchone()[0]

    def test_parallel_burst_lets_exactly_the_allowed_number_through(self):
        forget_address(self.env, BURST_IP)
        self.addCleanup(forget_address, self.env, BURST_IP)
        registry = self.registry
        started = threading.Barrier(self.BURST + 1)

        def serve_one_request():
            with closing(real_cursor(self.env)) as cr:
                cr.transaction = Transaction(registry)
                env = api.Environment(cr, SUPERUSER_ID, {})

                def controller():
                    # As the controllers do: a refusal is a page, and its count is committed.
                    try:
                        env["quality.complaint.public.log"]._qc_check_and_log(BURST_IP, "form")
                    except PublicFormRefused as refusal:
                        return refusal.http_status
                    return 200

                started.wait()
                try:
                    return service_model.retrying(controller, env)
                except service_model.PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    return "conflict"  # ir.http answers these with the refusal page (429)

        Log = type(self.env["quality.complaint.public.log"])
        with (
            # Serving a request again looks the registry up, whose lock the test runner holds.
            self.enter_registry_test_mode(),
            patch.object(Log, "_qc_rate_limit", return_value=(self.ALLOWED, WINDOW_SECONDS // 60)),
            mute_logger("odoo.service.model"),
            closing(real_cursor(self.env)) as first,
            ThreadPoolExecutor(self.BURST) as pool,
        ):
            # One request counts first and holds the counter until the whole
            # burst waits on it: the others then run into it for real.
            first.transaction = Transaction(registry)
            api.Environment(first, SUPERUSER_ID, {})["quality.complaint.public.log"]._qc_check_and_log(
                BURST_IP, "form"
            )
            answers = [pool.submit(serve_one_request) for _index in range(self.BURST)]
            started.wait()
            deadline = time.monotonic() + 30
            while self._lock_waiters() < self.BURST and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertEqual(self._lock_waiters(), self.BURST, "the burst must wait on the counter together")
            first.commit()
            answers = [answer.result(timeout=120) for answer in answers]
        self.assertEqual(answers.count(200), self.ALLOWED - 1, answers)
        self.assertEqual(answers.count(200) + answers.count(429) + answers.count("conflict"), self.BURST)
        with closing(real_cursor(self.env)) as cr:
            cr.execute("SELECT request_count FROM quality_complaint_public_log WHERE ip = %s", [BURST_IP])
            counted = [row[0] for row in cr.fetchall()]
        self.assertEqual(
            counted, [1 + self.BURST - answers.count("conflict")], "one row, every committed request counted"
        )


@tagged("post_install", "-at_install")
class TestRateLimitConflict(PublicCase):
    def test_conflict_outlasting_the_retries_answers_the_refusal_page(self):
        """The form's counter keeps conflicting with a request committed
        elsewhere: once Odoo's retries are used up, the sender gets the
        refusal page (429), not a server error, and nothing is saved."""
        Log = self.env["quality.complaint.public.log"]
        self.params.set_param("quality_complaint.public_rate_minutes", WINDOW_SECONDS // 60)
        window = Log._qc_window_start(WINDOW_SECONDS // 60)
        csrf = self.csrf_from("/complaint")
        # Committed after this test's transaction began: invisible to it, and
        # in the way of its counter, however often it is served again.
        self.addCleanup(forget_address, self.env, "127.0.0.1")
        with real_cursor(self.env) as cr:  # committed on leaving the block
            for start in (window, window + timedelta(seconds=WINDOW_SECONDS)):
                cr.execute(
                    "INSERT INTO quality_complaint_public_log (ip, scope, window_start, request_count)"
                    " VALUES ('127.0.0.1', 'form', %s, 1)",
                    [start],
                )
        before = self.count_cases()
        tries = []
        check = type(Log)._qc_check_and_log

        def counted_check(records, *args):
            tries.append(args)
            return check(records, *args)

        with (
            patch.object(type(Log), "_qc_check_and_log", counted_check),
            patch.object(service_model.random, "uniform", return_value=0.0),
            mute_logger("odoo.http", "odoo.service.model"),
        ):
            response = self.url_open(
                "/complaint/submit", data=dict(self.form_data(), csrf_token=csrf), allow_redirects=False
            )
        self.assertEqual(len(tries), service_model.MAX_TRIES_ON_CONCURRENCY_FAILURE)
        self.assertEqual(response.status_code, 429)
        self.assertIn("many requests from your network at once", response.text)
        self.assertIn("</html>", response.text)
        self.assertEqual(self.count_cases(), before)
