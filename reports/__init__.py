"""Council reports: the print view, its PDF, and chart images, drawn by one warm Chromium."""
