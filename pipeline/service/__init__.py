"""Running the product as a service: the watch loop, the workspace lock, the heartbeat, the outbox."""
