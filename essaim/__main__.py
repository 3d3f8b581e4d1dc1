"""`python -m essaim` is the same entry point as the `essaim` console script."""

from essaim.cli import main

if __name__ == "__main__":
    main()
