"""Vision statement and outcome wording, verbatim from the Promise Progress Framework.

Why constants: several indicators sit under the same outcome, and the wording must
match the framework exactly (the build refuses an indicator whose vision statement
and outcome are not in ``shared/data/framework/promise_progress_framework.json``).
"""

VISION_1 = '1. Supporting children to stay with their families: Where children are in their families and feel loved, they must stay – and families must be given support together to nurture that love and overcome the difficulties which get in the way.'
VISION_1_OUTCOME_1 = 'The rate of children entering care decreases. For those that do need to enter care, a higher proportion are able to stay living at home with parents, or in a family setting in kinship care or foster care.'
VISION_1_OUTCOME_2 = 'The underlying universal support system must support all families and identify those who need more support.'
VISION_2 = '2. Carers and stability: Scotland must limit the number of moves that children experience and support carers to continue to care.'
VISION_2_OUTCOME_1 = 'Outcome one (details to follow)'
VISION_2_OUTCOME_2 = 'Where living with their family is not possible, there must be sufficient availability of carers who can provide stable loving homes for children and young people.'
VISION_3 = '3. Education: Schools in Scotland must be ambitious for care experienced children and ensure they have all they need to thrive, recognising that they may experience difficulties associated with their life story.'
VISION_3_OUTCOME_1 = 'Care experienced children and young people spend more time in school.'
VISION_3_OUTCOME_2 = 'The average attainment of care experienced learners increases.'
VISION_9 = '9. Aftercare: Young adults for whom Scotland has taken on parenting responsibility must have a right to return to care and have access to services and supportive people to nurture them.'
VISION_9_OUTCOME_1 = 'The number of young care experienced people receiving support increases.'
