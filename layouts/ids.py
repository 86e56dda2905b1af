"""Component ids, in one place so callbacks, pages and browser tests agree."""

URL = "view-url"
AREAS = "areas-picker"
AREAS_LIMIT = "areas-limit"  # says so in place when the picker is at its limit
COMPARATOR = "comparator-picker"
SHOW_CI = "show-ci"
PERIOD = "period-picker"
TREND_GRAPH = "trend-graph"
RANKING_GRAPH = "ranking-graph"
MAP_GRAPH = "map-graph"
COUNCIL_PICKER = "council-picker"
RENDERED_STATE = "rendered-state"
