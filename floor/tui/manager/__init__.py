"""The floor manager's screen: the live grid, the details, one-key actions (actions.py), modals."""
