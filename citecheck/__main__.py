"""`python -m citecheck` runs the command-line tool."""

from citecheck.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
