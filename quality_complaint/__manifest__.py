{
    "name": "Laboratory Complaints and Appeals",
    "summary": "Complaints, appeals and customer satisfaction for ISO/IEC 17025 laboratories",
    "version": "19.0.1.0.0",
    "category": "Services/Quality",
    "website": "https://github.com/quality-complaint/quality_complaint",
    "author": "quality_complaint contributors",
    "license": "LGPL-3",
    "application": True,
    "depends": ["mail", "portal", "product", "resource"],
    "external_dependencies": {"python": ["qrcode", "xlsxwriter"]},
    "data": [
        "security/quality_complaint_groups.xml",
        "security/quality_complaint_rules.xml",
        "security/ir.model.access.csv",
        "report/quality_complaint_reports.xml",
        "data/quality_complaint_data.xml",
        "data/mail_template_data.xml",
        "views/quality_complaint_config_views.xml",
        "views/quality_complaint_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/quality_complaint_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "quality_complaint/static/tests/tours/**/*",
        ],
    },
}
