from datetime import date, datetime, time, timedelta

import holidays
import pytz

from odoo import models, tools
from odoo.exceptions import UserError


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # === CRUD METHODS === #

    def write(self, vals):
        result = super().write(vals)
        if "tz" in vals or "attendance_ids" in vals:
            self._qc_working_dates_changed()
        return result

    # === BUSINESS METHODS === #

    def _qc_working_dates_changed(self):
        """Forget the cached working dates (public holidays, make-up days,
        attendances or time zone changed)."""
        self.env.registry.clear_cache()

    def _qc_working_dates(self, date_from, date_to):
        """Local dates in [date_from, date_to] on which the lab works.

        A day works when the calendar has attendance on it that no public
        holiday cancels (compute_leaves), or when it is declared an extra
        working day (调休). Every deadline, label and pause counts on these
        dates: they are read per calendar year once and kept until a day off,
        a make-up day or an attendance changes.
        """
        self.ensure_one()
        company_id = self.company_id.id or self.env.company.id
        dates = set()
        for year in range(date_from.year, date_to.year + 1):
            dates |= self._qc_working_dates_of_year(self.id, company_id, year)
        return {day for day in dates if date_from <= day <= date_to}

    @tools.ormcache("calendar_id", "company_id", "year")
    def _qc_working_dates_of_year(self, calendar_id, company_id, year):
        calendar = self.sudo().browse(calendar_id)
        tz = pytz.timezone(calendar.tz or "UTC")
        first, last = date(year, 1, 1), date(year, 12, 31)
        start = tz.localize(datetime.combine(first, time.min))
        stop = tz.localize(datetime.combine(last, time.max))
        intervals = calendar._work_intervals_batch(start, stop, compute_leaves=True)[False]
        dates = {interval_start.astimezone(tz).date() for interval_start, _stop, _meta in intervals}
        extra_days = (
            self.env["quality.complaint.extra.workday"]
            .sudo()
            .search(
                [
                    ("date", ">=", first),
                    ("date", "<=", last),
                    ("company_id", "=", company_id),
                    ("calendar_id", "in", [False, calendar_id]),
                ]
            )
        )
        dates.update(extra_days.mapped("date"))
        return frozenset(dates)

    def _qc_local_date(self, dt):
        """The calendar's local date of a naive UTC datetime."""
        tz = pytz.timezone(self.tz or "UTC")
        return pytz.utc.localize(dt).astimezone(tz).date()

    def _qc_start_of_day(self, day):
        """Naive UTC datetime of the first second of a local date."""
        tz = pytz.timezone(self.tz or "UTC")
        return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

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

    def _qc_load_public_holidays(self, country_code, year, lang):
        """Load the public holidays of `year` in `country_code` (the holidays
        package, names in `lang` where it has them) as this calendar's time off,
        and its make-up working days (调休) as extra working days; days already
        there are left as they are, so loading twice changes nothing.

        Returns {"holidays": days of time off added, "workdays": make-up days
        added, "missing_workdays": True when the year has public holidays but
        no make-up day although the country has them}.
        """
        self.ensure_one()
        try:
            calendar = holidays.country_holidays(country_code, years=year)
        except NotImplementedError:
            raise UserError(
                self.env._("The holidays package knows no public holidays of %s.", country_code)
            ) from None
        if lang in calendar.supported_languages:
            calendar = holidays.country_holidays(country_code, years=year, language=lang)
        # weekend_workdays ignores `years`: it holds make-up days of many years.
        every_workday = getattr(calendar, "weekend_workdays", None) or set()
        workdays = sorted(day for day in every_workday if day.year == year)
        days_off = {day: name for day, name in calendar.items() if day.year == year}
        return {
            "holidays": self._qc_add_days_off(days_off),
            "workdays": self._qc_add_extra_workdays(workdays, self.env._("Make-up working day")),
            "missing_workdays": bool(days_off and every_workday and not workdays),
        }

    def _qc_add_days_off(self, days_off):
        """Global time off of this calendar on each day of `days_off` ({date: name})
        that none covers yet; returns how many were added."""
        if not days_off:
            return 0
        spans = {day: (self._qc_start_of_day(day), self._qc_end_of_day(day)) for day in days_off}
        existing = self.env["resource.calendar.leaves"].search(
            [
                ("resource_id", "=", False),
                ("calendar_id", "in", [False, self.id]),
                ("company_id", "in", [False, self.company_id.id or self.env.company.id]),
                ("date_from", "<=", max(stop for _start, stop in spans.values())),
                ("date_to", ">=", min(start for start, _stop in spans.values())),
            ]
        )
        new = [
            {"name": days_off[day], "calendar_id": self.id, "date_from": start, "date_to": stop}
            for day, (start, stop) in sorted(spans.items())
            if not any(leave.date_from <= start and leave.date_to >= stop for leave in existing)
        ]
        self.env["resource.calendar.leaves"].create(new)
        return len(new)

    def _qc_add_extra_workdays(self, days, name):
        """Extra working days of this calendar on each of `days` not declared yet;
        returns how many were added."""
        if not days:
            return 0
        company = self.company_id or self.env.company
        Workday = self.env["quality.complaint.extra.workday"]
        declared = set(
            Workday.search(
                [
                    ("date", "in", days),
                    ("company_id", "=", company.id),
                    ("calendar_id", "in", [False, self.id]),
                ]
            ).mapped("date")
        )
        new = [
            {"name": name, "date": day, "calendar_id": self.id, "company_id": company.id}
            for day in days
            if day not in declared
        ]
        Workday.create(new)
        return len(new)

    def _qc_working_intervals(self, start, stop):
        """[(start, stop)] of the working hours between the naive UTC datetimes
        `start` and `stop`, as naive UTC datetimes, public holidays removed."""
        self.ensure_one()
        intervals = self._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(stop), compute_leaves=True
        )[False]
        return [
            (begin.astimezone(pytz.utc).replace(tzinfo=None), end.astimezone(pytz.utc).replace(tzinfo=None))
            for begin, end, _meta in intervals
        ]

    def _qc_add_working_hours(self, start, hours, intervals=None):
        """The moment `hours` working hours of this calendar after the naive UTC
        datetime `start`: the hours outside its attendances and on public
        holidays do not count. Pass `intervals` (from _qc_working_intervals)
        to compute many deadlines with one lookup."""
        self.ensure_one()
        if intervals is None:
            intervals = self._qc_working_intervals(start, start + timedelta(hours=hours * 3 + 24, days=30))
        remaining = timedelta(hours=hours)
        for begin, end in sorted(intervals):
            if end <= start:
                continue
            counted_from = max(begin, start)
            if end - counted_from >= remaining:
                return counted_from + remaining
            remaining -= end - counted_from
        # A calendar with (almost) no working hours: fall back to clock hours
        # rather than never reaching the deadline.
        return start + timedelta(hours=hours)
