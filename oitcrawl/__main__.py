"""`python -m oitcrawl` = the `oitcrawl` command."""

from oitcrawl.entry import main

main()
