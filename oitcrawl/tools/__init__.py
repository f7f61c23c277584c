"""Tools around the pipeline: ``inspect`` (what oitcrawl reads in one document) and ``serve``
(the evidence store in Datasette)."""
