"""A news monitor for communications between the presidents of the United States and China."""

__version__ = "0.1.0"
