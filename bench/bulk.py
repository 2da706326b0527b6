"""Bulk writing for the benchmark dataset: PostgreSQL COPY for plain rows, and the page tree
built the way treebeard's materialised path allows (no ``add_child`` per page).

Everything here writes rows as the services and Wagtail would, but without per-row signals:
the caller adds what the signals would have added (search index, reference index, revisions)
through the functions below. Used by ``bench/generate_data.py`` only.
"""

import datetime as dt
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

BATCH = 5_000


class Row:
    """A light stand-in for a model instance (``Row(pk=1, run_id=2)``): building hundreds of
    thousands of real instances costs more than writing them."""

    def __init__(self, **values):
        self.__dict__.update(values)


def _defaults(model, fields: list[str], now: dt.datetime) -> tuple[list[str], list]:
    """The columns ``model`` needs beyond ``fields`` and their constant values: a field's
    default, or ``now`` for auto_now/auto_now_add. New fields with defaults are covered."""
    given = set(fields)
    columns, values = [], []
    for field in model._meta.local_concrete_fields:
        if field.attname in given or field.primary_key:
            continue
        if callable(field.default) and field.unique:
            raise ValueError(f"{model.__name__}.{field.name}: unique, give it per row")
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        columns.append(field.column)
        values.append(field.get_db_prep_save(value, connection))
    return columns, values


def reserve_ids(model, count: int) -> range:
    """Reserve ``count`` consecutive primary keys of ``model`` (PostgreSQL identity/serial
    columns): COPY returns no ids, so rows are written with these."""
    table = model._meta.db_table
    if connection.vendor != "postgresql":  # one writer (SQLite): the next ids are free
        first = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        return range(first, first + count)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return range(first, first + count)


def copy_insert(model, fields: list[str], rows, now: dt.datetime) -> int:
    """Insert ``rows`` (tuples of plain Python values in the order of ``fields``, attnames such
    as ``run_id``) into ``model``'s own table; every other column gets its default.

    PostgreSQL: one ``COPY … FROM STDIN``; elsewhere ``bulk_create``. Returns the row count.
    No signals are sent and no ids are returned (give ``id`` in ``fields`` to choose them,
    see :func:`reserve_ids`).
    """
    extra_columns, extra_values = _defaults(model, fields, now)
    by_attname = {f.attname: f for f in model._meta.local_concrete_fields}
    columns = [by_attname[name].column for name in fields] + extra_columns
    count = 0
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objs, batch_size=BATCH)
        return len(objs)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *extra_values))
            count += 1
    return count


# -- reference index -----------------------------------------------------------------------


def _plain_fk_references(model):
    """For a model whose references are only its foreign keys: ``(attname, name,
    to_content_type_id)`` per indexed foreign key, as Wagtail's extractor would find them;
    None when the model needs Wagtail's own extractor (child relations, StreamFields)."""
    from modelcluster.models import ClusterableModel

    if issubclass(model, ClusterableModel) or model._meta.parents:
        return None
    found = []
    for field in model._meta.get_fields():
        if hasattr(field, "extract_references"):
            return None
        if not (field.is_relation and field.many_to_one and field.concrete):
            continue
        if getattr(field, "wagtail_reference_index_ignore", False) or getattr(
            field.related_model, "wagtail_reference_index_ignore", False
        ):
            continue
        target = ReferenceIndex._get_base_content_type(field.related_model)
        found.append((field.attname, field.name, target.id))
    return found


def index_references(objects, now: dt.datetime, model=None) -> int:
    """Write the reference index rows that saving each of ``objects`` (saved instances of one
    model, none indexed yet; or :class:`Row` objects of ``model`` with its foreign key
    attnames) would have written. Returns the number of rows."""
    objects = list(objects)
    model = model or (type(objects[0]) if objects else None)
    if not objects or not ReferenceIndex.is_indexed(model):
        return 0
    chain = [model, *model._meta.get_parent_list()]
    content_type = ContentType.objects.get_for_model(chain[0], for_concrete_model=False)
    base = ContentType.objects.get_for_model(chain[-1], for_concrete_model=False)
    plain = _plain_fk_references(model)
    hashes = {}

    if plain is None:  # Wagtail's extractor reads child relations: prefetch them
        from modelcluster.models import get_all_child_relations

        names = [r.get_accessor_name() for r in get_all_child_relations(model)]
        by_pk = {}
        for start in range(0, len(objects), 1_000):
            chunk = [o.pk for o in objects[start : start + 1_000]]
            by_pk.update(model.objects.prefetch_related(*names).in_bulk(chunk))
        objects = [by_pk[o.pk] for o in objects]

    def refs(obj):
        if plain is None:
            return ReferenceIndex._extract_references_from_object(obj)
        values = ((getattr(obj, attname, None), name, ct) for attname, name, ct in plain)
        return ((ct, str(value), name, name) for value, name, ct in values if value is not None)

    def rows():
        for obj in objects:
            for to_ct, to_id, model_path, content_path in set(refs(obj)):
                if content_path not in hashes:
                    hashes[content_path] = ReferenceIndex._get_content_path_hash(content_path)
                yield (
                    content_type.id,
                    base.id,
                    str(obj.pk),
                    to_ct,
                    to_id,
                    model_path,
                    content_path,
                    hashes[content_path],
                )

    fields = [
        "content_type_id",
        "base_content_type_id",
        "object_id",
        "to_content_type_id",
        "to_object_id",
        "model_path",
        "content_path",
        "content_path_hash",
    ]
    return copy_insert(ReferenceIndex, fields, rows(), now)


# -- the page tree -------------------------------------------------------------------------


def _child_path(parent: Page, position: int) -> str:
    """Treebeard's materialised path of the ``position``-th child (1-based) of ``parent``."""
    return Page._get_path(parent.path, parent.depth + 1, position)


def add_children(parent: Page, pages: list, rng, now: dt.datetime) -> list:
    """Add ``pages`` (unsaved specific page instances of one class, with title, slug and their
    own fields set) as live, published children of ``parent`` after its existing children.

    Computes ``path``/``depth``/``url_path``, inserts the ``wagtailcore_page`` rows and the
    specific rows (multi-table inheritance: the child table gets ``page_ptr_id`` and its own
    columns only), one published revision each (with ``latest_revision``/``live_revision``
    pointing to it) and raises ``parent.numchild``. Cluster relations (tags, ParentalManyToMany)
    set on the instances go into the revisions; their rows are the caller's (see
    ``generate_data.py``), as are the search and reference index (:func:`index_pages`).
    ``translation_key`` comes from ``rng`` so a seed gives the same tree. Returns ``pages``
    with their primary keys set.
    """
    if not pages:
        return pages
    model = type(pages[0])
    last = parent.get_last_child()
    first_position = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(model)
    bases = []
    for offset, page in enumerate(pages):
        page.path = _child_path(parent, first_position + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.UUID(int=rng.getrandbits(128), version=4)
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.latest_revision_created_at = now
        bases.append(Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.fields}))
    Page.objects.bulk_create(bases, batch_size=BATCH)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
    own_fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(pages[start : start + BATCH], fields=own_fields)
    _publish_revisions(pages, content_type, now)
    Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(pages))
    parent.numchild += len(pages)
    return pages


def _publish_revisions(pages: list, content_type: ContentType, now: dt.datetime) -> None:
    """One revision per page, as ``save_revision().publish()`` leaves it."""
    from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

    base_type = ContentType.objects.get_for_model(Page)
    relations = get_all_child_relations(type(pages[0]))
    names = [f.name for f in get_all_child_m2m_relations(type(pages[0]))]
    for page in pages:  # a new page has no related rows: serialise without asking
        loaded = getattr(page, "_cluster_related_objects", {})
        for relation in relations:
            for child in loaded.get(relation.get_accessor_name(), ()):
                setattr(child, relation.field.attname, page.pk)
        for name in [r.get_accessor_name() for r in relations] + names:
            if name not in loaded:
                setattr(page, name, [])
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=now,
            object_str=str(page)[:255],
            content=page.serializable_data(),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions, batch_size=1_000)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"], batch_size=1_000)


def index_pages(model, pks: list[int], now: dt.datetime) -> None:
    """Search index (Wagtail's database backend, as ``update_index`` does it) and reference
    index of the pages ``pks`` of ``model``, read back from the database."""
    backend = get_search_backend()
    for start in range(0, len(pks), 1_000):
        chunk = pks[start : start + 1_000]
        objects = list(model.get_indexed_objects().filter(pk__in=chunk))
        backend.add_bulk(model, objects)
        index_references(objects, now)
