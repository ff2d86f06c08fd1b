"""Scheduled jobs that work through records in committed batches."""


def in_committed_batches(records, batch_size, process):
    """Call `process` on `records` batch by batch, each batch committed with
    the job's progress (`ir.cron._commit_progress`), so that a run cut short
    keeps what it did. Returns False when the job's time ran out before the
    last batch: the next run goes on from there."""
    cron = records.env["ir.cron"]
    cron._commit_progress(remaining=len(records))
    ids = records.ids
    for start in range(0, len(ids), batch_size):
        # A batch of its own prefetches its own records only.
        batch = records.browse(ids[start : start + batch_size])
        process(batch)
        if not cron._commit_progress(len(batch)):
            return False
    return True
