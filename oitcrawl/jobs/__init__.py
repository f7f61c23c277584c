"""Jobs: the stages strung together for the command line.

``check`` runs one submission (crawl → store → extract → evaluate → report), ``batch`` many of
them in one crawl; ``distributed`` queues runs in Redis, crawls them on worker machines and
merges their stores; ``progress`` draws what a job is doing on the terminal. Every stage below
is usable on its own; this package only orders them.
"""
