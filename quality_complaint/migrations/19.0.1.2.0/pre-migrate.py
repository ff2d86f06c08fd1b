def migrate(cr, version):
    # The rate limit kept one row per request; it keeps one counter per client
    # address and time window now. The old rows (at most a day of them) cannot
    # fill the new required columns: the windows start again.
    cr.execute("DELETE FROM quality_complaint_public_log")
