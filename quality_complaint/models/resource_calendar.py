from datetime import datetime, time, timedelta

import pytz

from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # === BUSINESS METHODS === #

    def _qc_working_dates(self, date_from, date_to):
        """Local dates in [date_from, date_to] on which the lab works.

        A day works when the calendar has attendance on it that no public
        holiday cancels (compute_leaves), or when it is declared an extra
        working day (调休).
        """
        self.ensure_one()
        tz = pytz.timezone(self.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        stop = tz.localize(datetime.combine(date_to, time.max))
        intervals = self._work_intervals_batch(start, stop, compute_leaves=True)[False]
        dates = {interval_start.astimezone(tz).date() for interval_start, _stop, _meta in intervals}
        extra_days = (
            self.env["quality.complaint.extra.workday"]
            .sudo()
            .search(
                [
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("company_id", "in", [self.company_id.id or self.env.company.id]),
                    ("calendar_id", "in", [False, self.id]),
                ]
            )
        )
        dates.update(extra_days.mapped("date"))
        return dates

    def _qc_local_date(self, dt):
        """The calendar's local date of a naive UTC datetime."""
        tz = pytz.timezone(self.tz or "UTC")
        return pytz.utc.localize(dt).astimezone(tz).date()

    def _qc_end_of_day(self, day):
        """Naive UTC datetime of the last second of a local date."""
        tz = pytz.timezone(self.tz or "UTC")
        local = tz.localize(datetime.combine(day, time(23, 59, 59)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _qc_add_working_days(self, start, days, working_dates=None):
        """End of the `days`-th working day after the local date of `start`.

        `start` is a naive UTC datetime; the day of `start` itself never
        counts, as "within 3 working days of receipt" starts the next day.
        Pass `working_dates` (from _qc_working_dates) to compute many
        deadlines with one lookup.
        """
        self.ensure_one()
        if days <= 0:
            return start
        first = self._qc_local_date(start) + timedelta(days=1)
        if working_dates is None:
            # Long holidays (Spring Festival) can remove two weeks: leave room.
            working_dates = self._qc_working_dates(first, first + timedelta(days=days * 3 + 30))
        ordered = sorted(d for d in working_dates if d >= first)
        if len(ordered) < days:
            # A calendar with (almost) no working days: fall back to calendar days
            # rather than never reaching the deadline.
            return self._qc_end_of_day(first + timedelta(days=days - 1))
        return self._qc_end_of_day(ordered[days - 1])

    def _qc_count_working_days(self, start, stop, working_dates=None):
        """Working days whose end the case spent between `start` and `stop`.

        Counts the working dates d with date(start) <= d < date(stop): a pause
        within one day costs nothing, Monday 10:00 to Wednesday 15:00 costs two.
        """
        self.ensure_one()
        first, last = self._qc_local_date(start), self._qc_local_date(stop)
        if last <= first:
            return 0
        if working_dates is None:
            working_dates = self._qc_working_dates(first, last)
        return sum(1 for d in working_dates if first <= d < last)
