"""Exit statuses, as git uses them."""

from enum import IntEnum


class ExitStatus(IntEnum):
    """0 success whatever a report shows; 1 a promised "found"; 2 an error."""

    OK = 0
    FOUND = 1
    ERROR = 2
