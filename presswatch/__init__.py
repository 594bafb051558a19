"""presswatch: multilingual media monitoring.

The command line is a thin layer over this library; see :mod:`presswatch.api` for the Python
equivalent of every command.
"""

__version__ = "0.1.0"
