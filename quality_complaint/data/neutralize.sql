-- A neutralised copy of the database signs nothing as the lab: its keys are retired (their files are deleted on the next signature).
UPDATE quality_complaint_signing_key SET neutralized = true;
