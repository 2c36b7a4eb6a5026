"""Entry points: CLI, REST API, console. They translate; they hold no business logic."""
