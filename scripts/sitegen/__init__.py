"""The sample-site generators' shared parts: data loading, HTML blocks, PDF/image renderers and
the district site's --verify self-check. The content lives in oitcrawl/sample_site/source/."""
