"""Samskap: Kommune 3.0 in practice for Norwegian municipal health and welfare services."""
