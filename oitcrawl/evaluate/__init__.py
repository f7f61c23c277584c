"""Pipeline stage "evaluate": stored evidence → element verdicts, findings, item statuses,
scores and reviewer notes, with no network (``evaluate_run``).

Modules: ``documents`` (what the rules read from the store), ``readability`` (machine
readability scale), ``matching`` (vocabulary with evidence), ``rules`` (one item under the
general rules), ``findings`` (the code vocabulary), ``notes`` (assessor-style notes),
``scores`` (weighted means and rating labels), ``evaluation`` (``evaluate_run``).

The package loads its modules when a name is first used (PEP 562, ``lazy_loader``):
``oitcrawl inspect`` needs ``readability`` alone, not the rules, documents and decisions this
package's ``evaluate_run`` brings (~0.25 s of imports, issue 17).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from oitcrawl.evaluate.evaluation import Evaluation as Evaluation
    from oitcrawl.evaluate.evaluation import EvaluationError as EvaluationError
    from oitcrawl.evaluate.evaluation import evaluate_run as evaluate_run
    from oitcrawl.evaluate.rules import ItemResult as ItemResult

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "evaluation": ["Evaluation", "EvaluationError", "evaluate_run"],
        "rules": ["ItemResult"],
    },
)
