"""``python -m analyzer``: the command line, as the ``analyzer`` script runs it."""

from analyzer.cli import main

main()
