"""The platform catalogue: sourced datasheet facts about inference chips (``docs/platforms.md``)."""
