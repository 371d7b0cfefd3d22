"""Product events in: Segment-style calls over HTTP or CSV, and the milestones they make."""
