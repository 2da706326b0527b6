"""The certificate's fonts: DejaVu Sans (regular and bold), registered by
:mod:`lms.accounts.pdf_fonts`, embedded (subsetted) in every PDF so accented and non-Latin-1
names render everywhere. Their reportlab names are :data:`FONT_REGULAR` and :data:`FONT_BOLD`.
"""

from lms.accounts import pdf_fonts

# --------------------------------------------------------------------------------------------
# Fonts: registered once, at import.
# --------------------------------------------------------------------------------------------

FONT_REGULAR = pdf_fonts.REGULAR
FONT_BOLD = pdf_fonts.BOLD
pdf_fonts.register()
