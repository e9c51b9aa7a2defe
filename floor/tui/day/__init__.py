"""The Day screen: the day's figures, live; on its own or pushed over the floor screen."""
