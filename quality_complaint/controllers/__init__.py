from . import (
    complaint_form,
    complaint_results,
    complaint_status,
    complaint_verify,
    portal,
    register,
    satisfaction,
)
