"""The build's steps after the indicators: reference tables, the store writer, quality checks, reports.

Why a package of its own: the writer used to sit in ``store`` beside the read side,
so the web's store imported the build's disclosure types. On the build side it may;
``pipeline.py`` keeps only the order of these steps.
"""
