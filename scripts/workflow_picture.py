"""Write the pictures of the case workflow, drawn from its step declarations.

    eval "$(bash scripts/bootstrap.sh)"
    "$VENV/bin/python" scripts/workflow_picture.py

writes quality_complaint/static/description/workflow_<lang>.svg for zh_CN and
en_US (quality_complaint/workflow_picture.py draws them). The module's tests
fail when a committed picture no longer matches the declarations.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("zh_CN", "en_US")


def main():
    sys.path.insert(0, os.environ["ODOO_ROOT"])
    import odoo  # noqa: PLC0415 (found through ODOO_ROOT)
    from odoo.modules.module import initialize_sys_path  # noqa: PLC0415

    odoo.tools.config.parse_config(
        [f"--addons-path={os.environ['ODOO_ADDONS']}", "--http-interface=127.0.0.1"]
    )
    initialize_sys_path()
    from odoo.addons.quality_complaint import workflow_picture  # noqa: PLC0415

    for lang in LANGS:
        out = ROOT / "quality_complaint" / "static" / "description" / f"workflow_{lang}.svg"
        out.write_text(workflow_picture.render(lang), encoding="utf-8")
        print(out.relative_to(ROOT))


if __name__ == "__main__":
    main()
