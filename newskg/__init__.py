"""newskg: build a knowledge graph of who did what with whom, where and when, from news."""

__version__ = "0.1.0"
