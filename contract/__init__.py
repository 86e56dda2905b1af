"""The shared vocabulary at the bottom of the project: imports nothing from it.

Why a package of its own: the build (sources, indicators, disclosure, the store
writer) and the web (app, layouts, api, the store's read side) must agree on the
status symbols, the observation columns and natural key, Scotland's code and the
indicator enums. Defined once here, every side imports them and none imports the
other side to get them (tests/test_architecture.py enforces both).
"""
