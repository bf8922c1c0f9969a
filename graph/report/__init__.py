"""The steering-committee report: content from the analyses, rendered as A4 PDF or self-contained HTML."""
