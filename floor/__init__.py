"""floor: run the floor of a B2B matchmaking event from a terminal."""
