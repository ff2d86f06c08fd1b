"""The picture of the case workflow, drawn from its step declarations.

`render(lang)` returns an SVG table: one row per state of a case, one column
per role, and in each cell the steps that role may take in that state, with
the state a step leads to. Labels come from the step declarations
(CASE_STEPS), the states and the roles, translated by the module's .po file.
`scripts/workflow_picture.py` writes the pictures into static/description;
a test fails when they no longer match the declarations.
"""

from xml.sax.saxutils import escape

import polib
from lxml import etree

from odoo.tools import LazyTranslate, file_open, file_path

from .const import STATES
from .models.quality_complaint import CASE_STEPS

_lt = LazyTranslate(__name__)

# Columns, in the order of the chain of roles (each role holds the rights of
# the ones before it), then the roles outside the chain; `None`: the steps
# of the application itself.
ROLES = (
    "quality_complaint.group_customer_service",
    "quality_complaint.group_quality_supervisor",
    "quality_complaint.group_technical_manager",
    "quality_complaint.group_quality_manager",
    "quality_complaint.group_records_admin",
    None,
)
ROLE_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#d62728", "#8c564b", "#7f7f7f")
APPLICATION = _lt("The application: jobs, public pages, other steps")
ANY_STATE = _lt("Any state")
CORNER = _lt("State / who acts")
IMPARTIAL = _lt("* not by the people the case is about (impartiality)")
CHAIN = _lt("Each role of the chain may also take the steps of the roles to its left.")
FONT = "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Zen Hei, Microsoft YaHei, PingFang SC, sans-serif"
FONT_SIZE = 12
LINE = 16
PAD = 6
STATE_WIDTH = 110
ROLE_WIDTH = 150


def _translations(lang):
    if lang == "en_US":
        return {}
    with file_open(f"quality_complaint/i18n/{lang}.po") as po:
        return {entry.msgid: entry.msgstr for entry in polib.pofile(po.read()) if entry.msgstr}


def _role_names():
    tree = etree.parse(file_path("quality_complaint/security/quality_complaint_groups.xml"))
    return {
        f"quality_complaint.{record.get('id')}": record.findtext("field[@name='name']")
        for record in tree.iterfind("record[@model='res.groups']")
    }


def _width(text):
    """Estimated width in pixels: CJK characters are square, the others about half."""
    return sum(FONT_SIZE if ord(char) > 0x2E80 else FONT_SIZE * 0.5 for char in text)


def _wrap(text, width):
    """Lines of at most `width` pixels, broken at spaces, or anywhere in CJK text."""
    lines, line = [], ""
    for word in _words(text):
        if line and _width(line + word) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    return [*lines, line.rstrip()] if line else lines


def _words(text):
    word = ""
    for char in text:
        if ord(char) > 0x2E80:
            if word:
                yield word
                word = ""
            yield char
        elif char == " ":
            yield word + char
            word = ""
        else:
            word += char
    if word:
        yield word


def cells(translate):
    """{(state or None, role or None): [(label, impartial, targets)]} from CASE_STEPS."""
    grid = {}
    for step in CASE_STEPS.values():
        role = step.groups[0] if step.groups else None
        targets = tuple(translate(dict(STATES)[state]) for state in step.to_states)
        chip = (translate(step.label._source), step.impartial, targets)
        for state in step.from_states or (None,):
            chips = grid.setdefault((state, role), [])
            # Accepting and rejecting the outcome are one action for the reader: record the answer.
            if chip not in chips:
                chips.append(chip)
    return grid


def render(lang):
    translated = _translations(lang)

    def translate(source):
        return translated.get(source, source)

    grid = cells(translate)
    roles = [role for role in ROLES if any(key[1] == role for key in grid)]
    role_names = _role_names()
    states = [None, *(state for state, _label in STATES)]
    states = [state for state in states if any(key[0] == state for key in grid)]
    inner = ROLE_WIDTH - 2 * PAD - 8

    def chips(state, role):
        out = []
        for label, impartial, targets in grid.get((state, role), []):
            text = label + (" *" if impartial else "")
            lines = _wrap(text, inner)
            if targets:
                lines += _wrap("→ " + " / ".join(targets), inner)
            out.append((lines, bool(targets)))
        return out

    headers = [
        _wrap(translate(role_names[role]) if role else translate(APPLICATION._source), ROLE_WIDTH - 2 * PAD)
        for role in roles
    ]
    header_height = max(len(lines) for lines in headers) * LINE + 12
    heights = {
        state: max(
            [LINE + 2 * PAD]
            + [sum(len(lines) * LINE + 8 for lines, _moves in chips(state, role)) + 2 * PAD for role in roles]
        )
        for state in states
    }
    width = STATE_WIDTH + ROLE_WIDTH * len(roles)
    legend_top = header_height + sum(heights.values()) + 10
    height = legend_top + 2 * LINE + 10
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="{FONT_SIZE}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]

    def text(x, y, content, **attributes):
        extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
        svg.append(f'<text x="{x:g}" y="{y:g}"{extra}>{escape(content)}</text>')

    corner = _wrap(translate(CORNER._source), STATE_WIDTH - 2 * PAD)
    for number, line in enumerate(corner):
        text(PAD, (header_height - len(corner) * LINE) / 2 + (number + 0.8) * LINE, line, fill="#555555")
    for column, (role, lines) in enumerate(zip(roles, headers, strict=True)):
        x = STATE_WIDTH + column * ROLE_WIDTH
        colour = ROLE_COLOURS[ROLES.index(role)]
        svg.append(
            f'<rect x="{x + 2}" y="2" width="{ROLE_WIDTH - 4}" height="{header_height - 4}" rx="6" fill="{colour}"/>'
        )
        for number, line in enumerate(lines):
            y = (header_height - len(lines) * LINE) / 2 + (number + 0.8) * LINE
            text(x + ROLE_WIDTH / 2, y, line, fill="#ffffff", font_weight="bold", text_anchor="middle")
    y = header_height
    for row, state in enumerate(states):
        if row % 2:
            svg.append(f'<rect x="0" y="{y}" width="{width}" height="{heights[state]}" fill="#f4f6f8"/>')
        svg.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d0d4d9"/>')
        label = translate(dict(STATES)[state]) if state else translate(ANY_STATE._source)
        text(PAD, y + PAD + LINE * 0.8, label, font_weight="bold")
        for column, role in enumerate(roles):
            x = STATE_WIDTH + column * ROLE_WIDTH + PAD
            colour = ROLE_COLOURS[ROLES.index(role)]
            top = y + PAD
            for lines, moves in chips(state, role):
                box = len(lines) * LINE + 4
                fill, ink = (colour, "#ffffff") if moves else ("#ffffff", "#222222")
                svg.append(
                    f'<rect x="{x}" y="{top}" width="{ROLE_WIDTH - 2 * PAD}" height="{box}" rx="4" '
                    f'fill="{fill}" stroke="{colour}"/>'
                )
                for number, line in enumerate(lines):
                    text(x + 4, top + 2 + (number + 0.8) * LINE, line, fill=ink)
                top += box + 4
        y += heights[state]
    svg.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d0d4d9"/>')
    text(PAD, legend_top + LINE * 0.8, translate(IMPARTIAL._source), fill="#555555")
    text(PAD, legend_top + LINE * 1.8, translate(CHAIN._source), fill="#555555")
    svg.append("</svg>")
    return "\n".join(svg) + "\n"
