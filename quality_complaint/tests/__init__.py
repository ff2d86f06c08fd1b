from . import (
    test_confidentiality,
    test_cron_interruption,
    test_deadlines,
    test_intake,
    test_overdue,
    test_records,
    test_reply,
    test_security_groups,
    test_tours,
    test_workflow,
)
