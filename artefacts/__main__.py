"""``python -m artefacts``: the command line (as the ``artefacts`` script)."""

from .cli import main

if __name__ == "__main__":
    main()
