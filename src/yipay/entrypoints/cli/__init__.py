"""The `yipay` command (Typer + rich). Heavy imports happen inside commands, not at start-up."""
