"""What every Catalyst app shares and that is not the domain: errors, history, time, text, API plumbing.

Nothing here imports a Catalyst app; every app may import from here.
"""
