"""``python -m disclosure_schema_pdf``: which installed font file serves each role."""

from .roles import main

main()
