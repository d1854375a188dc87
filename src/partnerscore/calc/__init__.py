"""The arithmetic of SPEC.md, pure: periods, formulas, status, review dates, decision states.

No I/O and no models beyond type annotations: values in, values out.
Imports: `core` only.
"""
