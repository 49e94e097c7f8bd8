"""The employee roster: import, export, edit."""
