"""`python -m oitcrawl` = the `oitcrawl` command."""

from oitcrawl.cli import main

main()
