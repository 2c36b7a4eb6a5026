"""Engines that run the rule SQL over exported history."""
