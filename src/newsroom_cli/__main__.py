"""Allow ``python -m newsroom_cli``."""

from newsroom_cli.cli import main

if __name__ == "__main__":
    main()
