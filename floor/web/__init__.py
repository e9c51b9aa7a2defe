"""`floor serve`: the screens in a browser on the venue network (textual-serve), with its
page templates. Starts the screens as `floor` child processes; imports no screen."""
