"""`python -m warroom.cli`: the same as the `warroom` command."""

from warroom.cli import main

main()
