"""A minimal valid pack, written to a folder, for loader tests to break one piece at a time."""

from __future__ import annotations

from pathlib import Path

from coach.pack.load import load_pack
from coach.pack.model import Pack

PACK = """\
id = "mini"
title = "Mini pack"
default_protocol = "breathe"
"""

SAFETY = """\
stop_now = "Stop and rest."
normal = ["Mild stretch"]
warning_signs = ["Sharp pain"]
red_flags = ["Bleeding that does not stop"]
see_clinician = "See your clinician if pain persists."
"""

PROTOCOL = """\
id = "breathe"
title = "Breathe"

[[steps]]
id = "ready"
title = "Get ready"
kind = "checklist"
items = ["Water", "Quiet room"]

[[steps]]
id = "in-out"
title = "In and out"
kind = "intervals"
repetitions = 3

[[steps.phases]]
name = "In"
duration = "4s"
tone = "hold"

[[steps.phases]]
name = "Out"
duration = "6s"
tone = "relax"

[[steps]]
id = "try"
title = "Try"
kind = "attempts"
attempts = "4-6"
duration = "3-5m"
on_resistance = "reset"

[[steps]]
id = "reset"
title = "Reset"
kind = "info"
branch_only = true
"""

# Not written unless asked for (``write_pack(folder, program=PROGRAM)``): most loader tests
# break a pack without a programme.
PROGRAM = """\
begin = "Start slowly."
keep_going = "Keep going."

[plan]
sessions = "2-3"
per = "week"

[[levels]]
id = "one"
name = "Level one"

[[checkin]]
id = "comfort"
kind = "scale"
ask = "How comfortable was it?"
min = 0
max = 10
min_label = "not at all"
max_label = "fully"

[[checkin]]
id = "pain"
kind = "yes_no"
ask = "Any pain?"
pain = true

[[checkin]]
id = "bleeding"
kind = "yes_no"
ask = "Any bleeding?"

[[rules]]
id = "bleeding"
label = "See a clinician"
urgency = "soon"
advice = "You reported bleeding: see a clinician."
when = { answers = { bleeding = true } }
"""

FAQ = """\
[[faq]]
id = "what"
question = "What is it?"
answer = \"\"\"
A drill. See [how](faq:how).
\"\"\"
tags = ["basics"]
see_also = ["how"]

[[faq]]
id = "how"
question = "How?"
answer = "Slowly."
tags = ["basics"]
"""


def write_pack(folder: Path, **overrides: str | None) -> Path:
    """Write the mini pack; ``overrides`` maps a file name (``protocols/breathe.toml`` as
    ``protocol``) to new text, or ``None`` to leave it out."""
    files = {
        "pack.toml": PACK,
        "safety.toml": SAFETY,
        "protocols/breathe.toml": PROTOCOL,
        "faq.toml": FAQ,
    }
    aliases = {"pack": "pack.toml", "safety": "safety.toml", "protocol": "protocols/breathe.toml"}
    aliases["faq"] = "faq.toml"
    aliases["program"] = "program.toml"
    for key, text in overrides.items():
        files[aliases.get(key, key)] = text  # type: ignore[assignment]
    for name, text in files.items():
        if text is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def mini_pack(folder: Path, **overrides: str | None) -> Pack:
    """The mini pack written to ``folder`` (with ``overrides``, as :func:`write_pack`) and
    loaded as content is."""
    return load_pack(write_pack(folder, **overrides))
