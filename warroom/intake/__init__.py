"""One Data intake: tables that agencies load themselves, validated, versioned, with roles."""
