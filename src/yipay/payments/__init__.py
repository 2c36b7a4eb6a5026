"""The payment spine: each inbound payment's state machine and the steps that move it."""
