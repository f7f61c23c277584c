"""The C twins of oitcrawl's inner loops (issue 17); everything else is in pyproject.toml.

Each loop in ``oitcrawl/extract/_speedups.c`` keeps its Python twin as reference and fallback:
where no C compiler is found the install goes on without it (``optional``) and the Python
runs. ``-ffp-contract=off``: no fused multiply-add, so the path points are the Python twin's
doubles.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "oitcrawl.extract._speedups",
            sources=["oitcrawl/extract/_speedups.c"],
            extra_compile_args=["-O2", "-ffp-contract=off"],
            optional=True,
        )
    ]
)
