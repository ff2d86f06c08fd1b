from . import (
    test_confidentiality,
    test_deadlines,
    test_intake,
    test_overdue,
    test_public_form,
    test_public_http,
    test_records,
    test_satisfaction,
    test_security_groups,
    test_tours,
    test_workflow,
)
