"""Question banks: survey and interview definitions as versioned YAML documents."""
