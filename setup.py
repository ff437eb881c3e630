"""Build of the optional compiled kernel (everything else is in pyproject.toml).

``secdilemma.solvers._bimatrix_native`` is plain C against the Python C API (no numpy
headers), built ahead of time at install so that no compilation reaches ``import
secdilemma``. It is ``optional``: where no C compiler exists the install still succeeds
and the package uses its numpy implementation (secdilemma.solvers._bimatrix_kernel).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "secdilemma.solvers._bimatrix_native",
            sources=["src/secdilemma/solvers/_bimatrix_native.c"],
            optional=True,
        )
    ]
)
