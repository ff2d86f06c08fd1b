from . import complaint_form, complaint_status, portal, register, satisfaction
