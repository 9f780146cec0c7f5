"""The web server around the screens: sign-in, sessions, throttles, security headers, the
response cache, the callback guard, static files and timing. Flask only: ``web`` never
imports ``warroom.app`` (the screens plug into it, not the other way round)."""
