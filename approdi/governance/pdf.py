"""A meeting's minutes as a PDF to circulate (WeasyPrint, A4)."""

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Meeting
from .selectors import CaseLink


def minutes_pdf(*, meeting: Meeting, case_links: list[CaseLink]) -> bytes:
    """Render the minutes. The PDF carries case codes only, never a name."""
    from weasyprint import HTML  # imported late: it loads native libraries

    html = render_to_string(
        "governance/minutes_pdf.html",
        {"meeting": meeting, "case_links": case_links, "generated": timezone.now()},
    )
    return bytes(HTML(string=html).write_pdf())
