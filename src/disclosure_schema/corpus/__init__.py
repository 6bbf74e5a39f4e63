"""Many reports at once: year chains, roll-ups, datasets, and engines that run them.

A batch runs in two stages. The first reads every file on its own (pure per
file, so it can run anywhere: local processes or a Dask cluster). The second is
grouped: reports are grouped by agency (:mod:`.names`) and year, each gets its
previous year's report for the cross-year rules (:mod:`.chains`), duplicates are
compared cell by cell, and parents are compared with the sum of their units
(:mod:`.rollup`). :mod:`.export` turns the results into datasets and
:mod:`.summary` into a page for people. Nothing here is imported by
``import disclosure_schema``.
"""
