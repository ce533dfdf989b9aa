"""What people and machines read: the typed summary and its JSON (``summary``), Markdown
reports, terminal output, figures, and the results folder written atomically (``files``).
"""
