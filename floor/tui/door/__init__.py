"""The door station: badge scans read whole from a scanner or a camera, walk-in registration."""
