"""`floor serve`: the screens in a browser on the venue network (textual-serve), with its
page templates. Starts each screen as a `python -m floor serve-child` process, so it
imports no screen; may import `floor.output` (the QR code of its URL) and below."""
