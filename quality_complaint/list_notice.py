"""One notice listing several records, on none of them."""


def notify_list(env, partners, subject, template, values, *, author=None):
    """One inbox notice or mail to `partners`, its body the QWeb `template`
    rendered with `values`, in the env's language. It is on no record, so
    the light layout names what it lists: cases."""
    env["mail.thread"].message_notify(
        author_id=author.id if author else None,
        partner_ids=partners.ids,
        subject=subject,
        body=env["ir.qweb"]._render(template, values),
        email_layout_xmlid="mail.mail_notification_light",
        model_description=env._("Case"),
    )
