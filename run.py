#!/usr/bin/env python3
"""Council Digest command line: ``python run.py --help``."""

from pipeline.cli import main

if __name__ == "__main__":
    main()
