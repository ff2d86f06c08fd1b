from datetime import datetime

from .common import ComplaintCase

# 2026-03-02 is a Monday; Shanghai is UTC+8, and Odoo stores naive UTC.
MONDAY = datetime(2026, 3, 2)
FRIDAY = datetime(2026, 3, 6)
NEXT_MONDAY = datetime(2026, 3, 9)


def shanghai(day, hour, minute=0):
    """The naive UTC datetime of `hour`:`minute` in Shanghai on `day`'s date."""
    return datetime(day.year, day.month, day.day, hour, minute) - (
        datetime(2026, 1, 1, 8) - datetime(2026, 1, 1)
    )


class HoursCase(ComplaintCase):
    """A lab working 08:00-12:00 and 13:00-17:00, Monday to Friday, in Shanghai."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        attendances = [
            (0, 0, {"name": f"{day} {start}", "dayofweek": str(day), "hour_from": start, "hour_to": stop})
            for day in range(5)
            for start, stop in ((8, 12), (13, 17))
        ]
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Lab hours", "tz": "Asia/Shanghai", "attendance_ids": attendances}
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.Policy = cls.env["quality.complaint.deadline.policy"]

    def holiday(self, day):
        """A public holiday of the lab on `day`'s local date."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": shanghai(day, 0),
                "date_to": shanghai(day, 23, 59),
            }
        )
