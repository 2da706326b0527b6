"""Running the suite on several pytest-xdist workers (``make test`` uses ``-n auto --dist
loadgroup``): which tests must share a worker, decided from what the tests are, never from a
list of files.

- postgres-marked tests run on one worker, one after another: the concurrency tests open up
  to 50 connections each and PostgreSQL allows 100 in all;
- the tests of one module that use ``shared_programme`` run on one worker, so the programme
  is loaded once for them.
"""

import pytest


def group_of(item) -> str | None:
    """The xdist group ``item`` belongs to, or None when it may run anywhere."""
    if "postgres" in item.keywords:
        return "postgres"
    if "shared_programme" in getattr(item, "fixturenames", ()):
        return f"programme-{item.module.__name__}"
    return None


def assign_groups(config, items) -> None:
    """Mark every item with its group (``xdist_group``). On a loadgroup worker also add the
    group to the node id, which is how the loadgroup scheduler reads it: pytest-xdist 3.8
    still writes the old ``_nodeid`` attribute, which pytest 9.2 no longer reads
    (pytest-dev/pytest-xdist#1386), so without this every group is silently split up."""
    loadgroup = getattr(config.option, "loadgroup", False)
    for item in items:
        group = group_of(item)
        if group is None:
            continue
        item.add_marker(pytest.mark.xdist_group(group))
        if loadgroup and hasattr(item, "_id"):
            from _pytest.nodeid import coerce_node_id

            item._id = coerce_node_id(f"{item.nodeid}@{group}")
