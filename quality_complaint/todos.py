"""To-dos the application gives people, on records of one model, in one batch."""


def schedule_todos(env, model_name, values_list):
    """Create one activity per `values_list` item on records of `model_name`.

    As the application (sudo): the job or step giving them has decided who
    gets them, whoever runs it. Without Odoo's "activity assigned" mail per
    to-do: a job hands out hundreds at once, and each person finds them in
    their activities.
    """
    if not values_list:
        return env["mail.activity"]
    model_id = env["ir.model"]._get_id(model_name)
    records = env[model_name].sudo().browse({values["res_id"] for values in values_list})
    # The record's name in the INSERT, as Odoo would compute it: computed
    # after it, it costs an UPDATE of every to-do (1,200 in the overdue
    # job's first run over a backlog).
    names = {record.id: record.display_name for record in records}
    return (
        env["mail.activity"]
        .sudo()
        .with_context(mail_activity_quick_update=True)
        .create(
            [dict(values, res_model_id=model_id, res_name=names[values["res_id"]]) for values in values_list]
        )
    )
