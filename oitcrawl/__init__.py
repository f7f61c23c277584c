"""oitcrawl: pre-check a Thai agency's website for the OIT part of the ITA.

Pipeline: submission → crawl → store → extract → evaluate → report.
"""

__version__ = "0.1.0"
