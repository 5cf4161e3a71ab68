"""Plain helpers shared by every app; core imports no app, so any app may import it."""
