"""The rule catalogue as Markdown: `python -m yipay.monitoring.catalogue_doc > docs/rules.md`.

The regulator inspects the model, so its documentation is generated from the rules themselves
and a test keeps the committed file identical to what the code says.
"""

from __future__ import annotations

import textwrap

from yipay.monitoring.domain import Rule
from yipay.monitoring.rules import CATALOGUE

HEADER = """# Monitoring rule catalogue

Generated from `yipay.monitoring.rules` by `python -m yipay.monitoring.catalogue_doc`; do not edit
by hand. Typology numbers refer to the trade-based money-laundering typologies the platform must
catch (see the architecture document). Amounts are integer minor units; USD equivalents use the
partner bank's mid rate in force when the payment was received.
"""


def render_rule(rule: Rule) -> str:
    params = "\n".join(f"| `{p.name}` | {p.default} | {p.description} |" for p in rule.parameters)
    sql = textwrap.dedent(rule.sql).strip()
    return (
        f"## {rule.id} — {rule.title}\n\n"
        f"- version: {rule.version}\n- typology: {rule.typology}\n"
        f"- severity: {rule.severity}\n- mode: {rule.mode.value}\n\n"
        f"{rule.description}\n\n"
        f"| parameter | default | meaning |\n|---|---|---|\n{params}\n\n"
        f"```sql\n{sql}\n```\n"
    )


def render() -> str:
    return HEADER + "\n" + "\n".join(render_rule(r) for r in CATALOGUE.values())


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
