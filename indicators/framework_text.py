"""Vision statement and outcome wording, verbatim from the Promise Progress Framework.

Why constants: several indicators sit under the same outcome, and the wording must
match the framework exactly (a test compares it with
``shared/data/framework/promise_progress_framework.json``), so it is written once.
"""

VISION_1 = (
    "1. Supporting children to stay with their families: Where children are in their families and feel "
    "loved, they must stay \u2013 and families must be given support together to nurture that love and "
    "overcome the difficulties which get in the way."
)
VISION_1_OUTCOME_1 = (
    "The rate of children entering care decreases. For those that do need to enter care, a higher "
    "proportion are able to stay living at home with parents, or in a family setting in kinship care or "
    "foster care."
)
