"""Business rules (ends of relationships, scores, gates, risks), callable without HTTP."""
