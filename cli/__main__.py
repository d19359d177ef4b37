"""``python -m redline.cli``."""

from .main import main

main()
